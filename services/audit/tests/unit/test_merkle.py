"""RFC 6962 hashing against Certificate Transparency's published test vectors, and the
incremental frontier against the recursive definition."""

from __future__ import annotations

import hashlib

import pytest
from audit.domain.merkle import (
    EMPTY_ROOT,
    MerkleFrontier,
    leaf_hash,
    node_hash,
    split_point,
    tree_root,
)
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.unit

# The leaves and roots of certificate-transparency's merkle_tree tests (RFC 6962 section 2.1).
CT_LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def test_hashes_are_domain_separated() -> None:
    assert leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert node_hash(b"l", b"r") == hashlib.sha256(b"\x01lr").digest()
    assert tree_root([]) == EMPTY_ROOT == hashlib.sha256().digest()


@pytest.mark.parametrize("n", range(1, len(CT_LEAVES) + 1))
def test_roots_match_certificate_transparency_vectors(n: int) -> None:
    leaves = [leaf_hash(leaf) for leaf in CT_LEAVES[:n]]
    assert tree_root(leaves).hex() == CT_ROOTS[n - 1]


@pytest.mark.parametrize(("n", "k"), [(2, 1), (3, 2), (4, 2), (5, 4), (8, 4), (9, 8)])
def test_split_point_is_largest_power_of_two_below_n(n: int, k: int) -> None:
    assert split_point(n) == k


@given(st.lists(st.binary(max_size=16), max_size=70))
def test_incremental_root_equals_recursive_definition(entries: list[bytes]) -> None:
    leaves = [leaf_hash(entry) for entry in entries]
    frontier = MerkleFrontier()
    assert frontier.root() == tree_root([])
    for size, leaf in enumerate(leaves, start=1):
        frontier.append(leaf)
        assert frontier.size == size
        assert frontier.root() == tree_root(leaves[:size])
