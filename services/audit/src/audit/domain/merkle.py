"""RFC 6962 (Certificate Transparency) Merkle tree hashing; pure, no I/O.

    leaf hash   SHA-256(0x00 || entry)
    node hash   SHA-256(0x01 || left || right)
    MTH({})     SHA-256()
    MTH(D[n])   node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two below n

The distinct leaf and node prefixes stop a leaf from being passed off as an inner node.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly below n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def tree_root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over already-hashed leaves, straight from the recursive definition."""
    n = len(leaf_hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hashes[0]
    k = split_point(n)
    return node_hash(tree_root(leaf_hashes[:k]), tree_root(leaf_hashes[k:]))


class MerkleFrontier:
    """The tree grown one leaf at a time in O(log n): it keeps only the roots of the perfect
    subtrees that cover the leaves so far, largest first (one per set bit of the size)."""

    def __init__(self) -> None:
        self._subtrees: list[bytes] = []
        self.size = 0

    def append(self, leaf: bytes) -> None:
        node, carry = leaf, self.size
        while carry & 1:  # merge equal-sized subtrees, like a binary counter carrying
            node = node_hash(self._subtrees.pop(), node)
            carry >>= 1
        self._subtrees.append(node)
        self.size += 1

    def root(self) -> bytes:
        if not self._subtrees:
            return EMPTY_ROOT
        node = self._subtrees[-1]
        for left in reversed(self._subtrees[:-1]):
            node = node_hash(left, node)
        return node


def grow(
    size: int, frontier: dict[tuple[int, int], bytes], leaves: Sequence[bytes]
) -> list[tuple[int, int, bytes]]:
    """The subtree nodes (level, index, hash) completed by appending leaves to a tree of size
    `size`, leaves included; `frontier` holds its complete subtrees and gains the new ones."""
    created: list[tuple[int, int, bytes]] = []
    for offset, leaf in enumerate(leaves):
        level, index, node = 0, size + offset, leaf
        created.append((level, index, node))
        frontier[(level, index)] = node
        while index & 1:  # a right child completes its parent
            node = node_hash(frontier[(level, index - 1)], node)
            level, index = level + 1, index >> 1
            created.append((level, index, node))
            frontier[(level, index)] = node
    return created
