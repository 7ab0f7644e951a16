"""Proofs from stored subtree hashes against a naive transcription of RFC 6962's recursive
definitions, and the verifiers against both honest and tampered proofs."""

from __future__ import annotations

import pytest
from audit.domain.merkle import grow, leaf_hash, split_point, tree_root
from audit.domain.proofs import (
    consistency_ranges,
    inclusion_ranges,
    nodes_for,
    proof_hashes,
    range_hash,
    range_nodes,
)
from audit.domain.verifiers import root_from_inclusion, verify_consistency, verify_inclusion
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.unit


def reference_path(m: int, leaves: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) exactly as RFC 6962 section 2.1.1 writes it."""
    n = len(leaves)
    if n <= 1:
        return []
    k = split_point(n)
    if m < k:
        return [*reference_path(m, leaves[:k]), tree_root(leaves[k:])]
    return [*reference_path(m - k, leaves[k:]), tree_root(leaves[:k])]


def reference_subproof(m: int, leaves: list[bytes], complete: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of RFC 6962 section 2.1.2."""
    n = len(leaves)
    if m == n:
        return [] if complete else [tree_root(leaves)]
    k = split_point(n)
    if m <= k:
        return [*reference_subproof(m, leaves[:k], complete), tree_root(leaves[k:])]
    return [*reference_subproof(m - k, leaves[k:], False), tree_root(leaves[:k])]


def stored_tree(leaves: list[bytes]) -> dict[tuple[int, int], bytes]:
    """Every complete subtree, grown in random-ish batches as the ledger grows it."""
    nodes: dict[tuple[int, int], bytes] = {}
    size = 0
    for batch in (leaves[i : i + 3] for i in range(0, len(leaves), 3)):
        grow(size, nodes, batch)
        size += len(batch)
    return nodes


def leaves_of(n: int) -> list[bytes]:
    return [leaf_hash(str(i).encode()) for i in range(n)]


sizes = st.integers(min_value=1, max_value=70)


@given(sizes, st.data())
def test_inclusion_proof_matches_rfc_definition(n: int, data: st.DataObject) -> None:
    leaves = leaves_of(n)
    m = data.draw(st.integers(min_value=0, max_value=n - 1))
    nodes = stored_tree(leaves)
    ranges = inclusion_ranges(m, n)
    assert nodes_for(ranges) <= nodes.keys()
    path = proof_hashes(ranges, nodes)
    assert path == reference_path(m, leaves)
    assert verify_inclusion(leaves[m], m, n, path, tree_root(leaves))


@given(sizes, st.data())
def test_consistency_proof_matches_rfc_definition(n: int, data: st.DataObject) -> None:
    leaves = leaves_of(n)
    m = data.draw(st.integers(min_value=1, max_value=n))
    nodes = stored_tree(leaves)
    proof = proof_hashes(consistency_ranges(m, n), nodes)
    assert proof == reference_subproof(m, leaves, True)
    assert verify_consistency(m, n, tree_root(leaves[:m]), tree_root(leaves), proof)


@given(sizes, st.data())
def test_range_hash_is_the_subtree_root(n: int, data: st.DataObject) -> None:
    leaves = leaves_of(n)
    nodes = stored_tree(leaves)
    assert range_hash(0, n, nodes) == tree_root(leaves)
    start = data.draw(st.integers(min_value=0, max_value=n - 1))
    assert range_hash(start, start + 1, nodes) == leaves[start]


@given(sizes, st.data())
def test_any_altered_inclusion_proof_fails(n: int, data: st.DataObject) -> None:
    leaves = leaves_of(n)
    m = data.draw(st.integers(min_value=0, max_value=n - 1))
    path = reference_path(m, leaves)
    root = tree_root(leaves)
    assert not verify_inclusion(leaf_hash(b"forged"), m, n, path, root)
    if path:
        i = data.draw(st.integers(min_value=0, max_value=len(path) - 1))
        bad = [*path[:i], bytes([path[i][0] ^ 1]) + path[i][1:], *path[i + 1 :]]
        assert not verify_inclusion(leaves[m], m, n, bad, root)
        assert not verify_inclusion(leaves[m], m, n, path[:-1], root)
    assert not verify_inclusion(leaves[m], m, n, [*path, root], root)
    if n > 1:
        other = (m + 1) % n
        assert not verify_inclusion(leaves[m], other, n, path, root) or leaves[m] == leaves[other]


@given(st.integers(min_value=2, max_value=70), st.data())
def test_any_altered_consistency_proof_fails(n: int, data: st.DataObject) -> None:
    leaves = leaves_of(n)
    m = data.draw(st.integers(min_value=1, max_value=n - 1))
    old, new = tree_root(leaves[:m]), tree_root(leaves)
    proof = reference_subproof(m, leaves, True)
    i = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
    bad = [*proof[:i], bytes([proof[i][0] ^ 1]) + proof[i][1:], *proof[i + 1 :]]
    assert not verify_consistency(m, n, old, new, bad)
    assert not verify_consistency(m, n, leaf_hash(b"x"), new, proof)
    assert not verify_consistency(m, n, old, leaf_hash(b"x"), proof)
    assert not verify_consistency(m, n, old, new, proof[:-1])


def test_edge_cases() -> None:
    leaves = leaves_of(5)
    assert verify_consistency(0, 5, b"", tree_root(leaves), [])
    assert verify_consistency(5, 5, tree_root(leaves), tree_root(leaves), [])
    assert not verify_consistency(5, 5, tree_root(leaves), tree_root(leaves[:4]), [])
    assert not verify_consistency(6, 5, tree_root(leaves), tree_root(leaves), [])
    assert not verify_consistency(3, 5, tree_root(leaves[:3]), tree_root(leaves), [])
    assert root_from_inclusion(leaves[0], 5, 5, []) is None
    assert verify_inclusion(leaves[0], 0, 1, [], leaves[0])
    with pytest.raises(ValueError):
        inclusion_ranges(5, 5)
    with pytest.raises(ValueError):
        consistency_ranges(6, 5)


def test_range_nodes_are_aligned_complete_subtrees() -> None:
    assert range_nodes(0, 7) == [(2, 0), (1, 2), (0, 6)]
    assert range_nodes(8, 12) == [(2, 2)]
    assert range_nodes(0, 1_000_000)[0] == (19, 0)


def test_grow_stores_every_complete_subtree_once() -> None:
    nodes: dict[tuple[int, int], bytes] = {}
    created = grow(0, nodes, leaves_of(8))
    assert len(created) == 15 and (3, 0) in nodes
    assert nodes[(3, 0)] == tree_root(leaves_of(8))
