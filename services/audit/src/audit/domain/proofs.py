"""RFC 6962 inclusion and consistency proofs over stored subtree hashes; pure, stdlib only.

The log keeps the hash of every complete, aligned subtree as a node (level, index): it covers
leaves [index * 2**level, (index + 1) * 2**level). Every hash a proof needs is the MTH of a
range D[a:b] whose start is aligned to a power of two at least b - a; such a range splits into
complete subtrees, one per set bit of b - a, largest first. So a proof is: list the ranges
(from the RFC's recursive definitions), list their nodes, read them in one query, fold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from audit.domain.merkle import node_hash, split_point

Node = tuple[int, int]  # (level, index)
Range = tuple[int, int]  # leaves [start, end)


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The ranges whose MTHs form PATH(index, D[size]), leaf side first (RFC 6962 2.1.1)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    ranges: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    return ranges[::-1]


def consistency_ranges(old_size: int, new_size: int) -> list[Range]:
    """The ranges whose MTHs form PROOF(old_size, D[new_size]) (RFC 6962 2.1.2)."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    if old_size in (0, new_size):
        return []
    ranges: list[Range] = []
    start, end, m, complete = 0, new_size, old_size, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        ranges.append((start, end))
    return ranges[::-1]


def range_nodes(start: int, end: int) -> list[Node]:
    """The complete subtrees covering [start, end), largest (leftmost) first."""
    nodes: list[Node] = []
    while start < end:
        level = (end - start).bit_length() - 1
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def nodes_for(ranges: Sequence[Range]) -> set[Node]:
    return {node for start, end in ranges for node in range_nodes(start, end)}


def range_hash(start: int, end: int, nodes: Mapping[Node, bytes]) -> bytes:
    """MTH(D[start:end]) from stored subtree hashes, folded right to left."""
    covering = [nodes[node] for node in range_nodes(start, end)]
    result = covering[-1]
    for left in reversed(covering[:-1]):
        result = node_hash(left, result)
    return result


def proof_hashes(ranges: Sequence[Range], nodes: Mapping[Node, bytes]) -> list[bytes]:
    return [range_hash(start, end, nodes) for start, end in ranges]
