"""The offline package verifier (tools/verifier, custody_verify) on packages laid out and
signed with the audit service's own code: a well-formed package verifies; one flipped byte
in any part of it is named. (The verifier's own tests use a committed test vector.)"""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from pathlib import Path

import pytest
from audit.adapters.signing_key import load_signer
from audit.domain import package_layout as layout
from audit.domain.entries import canonical_json, entry_leaf_hash
from audit.domain.merkle import grow
from audit.domain.proofs import inclusion_ranges, nodes_for, proof_hashes, range_hash
from audit.domain.tree_heads import signed_text
from custody_verify.cli import main
from custody_verify.package import Pin, verify_package

pytestmark = pytest.mark.unit

EVIDENCE = uuid.UUID("00000000-0000-4000-8000-0000000000e1")
ORIGINAL = b"\x00\x01 video bytes " * 1000


def build_members(tmp_path: Path) -> dict[str, bytes]:
    signer = load_signer(tmp_path / "key.pem", create=True)
    records = [
        {"object_id": str(EVIDENCE) if n % 2 else "other", "action": f"a{n}"} for n in range(7)
    ]
    canonicals = [canonical_json(r, uuid.UUID(int=n)) for n, r in enumerate(records)]
    nodes: dict[tuple[int, int], bytes] = {}
    grow(0, nodes, [entry_leaf_hash(c) for c in canonicals])
    size, root = len(canonicals), range_hash(0, len(canonicals), nodes)
    head = {
        "id": 1,
        "tree_size": size,
        "root_hash": root.hex(),
        "timestamp_ms": 5,
        "key_id": signer.key_id,
    }
    head["signature"] = signer.sign(signed_text(size, root, 5, signer.key_id)).hex()
    entries = [
        {
            "index": n,
            "event_id": str(uuid.UUID(int=n)),
            "canonical": c,
            "leaf_hash": entry_leaf_hash(c).hex(),
            "audit_path": [h.hex() for h in proof_hashes(inclusion_ranges(n, size), nodes)],
        }
        for n, c in enumerate(canonicals)
        if n % 2
    ]
    assert nodes_for([(0, size)]) <= nodes.keys()
    trail = {"object_id": str(EVIDENCE), "tree_head_id": 1, "tree_size": size, "entries": entries}
    members = {
        f"files/{EVIDENCE}/clip.mp4": ORIGINAL,
        layout.trail_path(EVIDENCE): json.dumps(trail).encode(),
        layout.TREE_HEAD: json.dumps(head).encode(),
        layout.PUBLIC_KEY: signer.public_key_pem.encode(),
        layout.RECEIPT: b"<html>receipt</html>",
    }
    documents = {p: hashlib.sha256(d).hexdigest() for p, d in members.items() if "files/" not in p}
    item = {
        "evidence_id": str(EVIDENCE),
        "path": f"files/{EVIDENCE}/clip.mp4",
        "sha256": hashlib.sha256(ORIGINAL).hexdigest(),
        "size": len(ORIGINAL),
        "audit_trail": layout.trail_path(EVIDENCE),
    }
    manifest = json.dumps(
        {
            "format": layout.FORMAT,
            "signing_key_id": signer.key_id,
            "items": [item],
            "documents": documents,
        },
        indent=2,
    ).encode()
    members[layout.MANIFEST] = manifest
    members[layout.MANIFEST_SIGNATURE] = signer.sign(manifest).hex().encode()
    return members


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


@pytest.fixture
def members(tmp_path: Path) -> dict[str, bytes]:
    return build_members(tmp_path)


def test_a_sound_package_verifies(tmp_path: Path, members: dict[str, bytes], capsys) -> None:  # type: ignore[no-untyped-def]
    package = write_zip(tmp_path / "p.zip", members)
    assert verify_package(package) == []
    assert main([str(package)]) == 0
    assert "OK" in capsys.readouterr().out
    key_id = json.loads(members[layout.MANIFEST])["signing_key_id"]
    assert main([str(package), "--key-id", key_id, "--require-pin"]) == 0


@pytest.mark.parametrize(
    ("member", "at", "named"),
    [
        (f"files/{EVIDENCE}/clip.mp4", 1234, f"files/{EVIDENCE}/clip.mp4: sha256"),
        (layout.MANIFEST, 40, "manifest.json"),
        (layout.MANIFEST_SIGNATURE, 10, "manifest.json: signature"),
        (layout.TREE_HEAD, -10, "tree_head.json"),
        (layout.trail_path(EVIDENCE), -30, f"audit/{EVIDENCE}.json"),
        (layout.RECEIPT, 3, "receipt.html: sha256"),
        (layout.PUBLIC_KEY, 40, "public_key.pem"),
    ],
)
def test_one_flipped_byte_is_named(
    tmp_path: Path, members: dict[str, bytes], member: str, at: int, named: str
) -> None:
    members[member] = flip(members[member], at)
    failures = verify_package(write_zip(tmp_path / "p.zip", members))
    assert failures and any(named in f for f in failures), failures


def test_a_flipped_audit_path_hash_fails_its_proof(
    tmp_path: Path, members: dict[str, bytes]
) -> None:
    """Re-signing the manifest is out of a tamperer's reach, so check the proof check itself:
    alter a proof and re-list it; the signature fails and so does the proof."""
    trail = json.loads(members[layout.trail_path(EVIDENCE)])
    first = trail["entries"][0]
    first["audit_path"][0] = ("0" if first["audit_path"][0][0] != "0" else "1") + first[
        "audit_path"
    ][0][1:]
    members[layout.trail_path(EVIDENCE)] = json.dumps(trail).encode()
    failures = verify_package(write_zip(tmp_path / "p.zip", members))
    assert any("inclusion proof does not lead to the tree head's root" in f for f in failures)
    assert any(f"audit/{EVIDENCE}.json: sha256" in f for f in failures)


def test_a_flipped_byte_in_the_raw_zip_is_named(tmp_path: Path, members: dict[str, bytes]) -> None:
    package = write_zip(tmp_path / "p.zip", members)
    data = package.read_bytes()
    at = data.index(ORIGINAL[:16]) + 100  # inside the stored original
    package.write_bytes(flip(data, at))
    failures = verify_package(package)
    assert any(f"files/{EVIDENCE}/clip.mp4" in f for f in failures), failures


def test_an_unexpected_key_id_is_named(tmp_path: Path, members: dict[str, bytes]) -> None:
    failures = verify_package(write_zip(tmp_path / "p.zip", members), Pin(key_ids=("0" * 16,)))
    assert any("expected 0000000000000000" in f for f in failures)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "p.zip"
    path.write_bytes(b"nope")
    assert main([str(path)]) == 1


def test_the_verifier_hashes_as_the_ledger_does() -> None:
    """custody_verify carries its own copy of the ledger's hashing (it imports no service
    code): the copy and the ledger's must agree."""
    from audit.domain import merkle, tree_heads, verifiers
    from custody_verify import layout as package_layout
    from custody_verify import merkle as copy

    assert copy.leaf_hash(b"x") == merkle.leaf_hash(b"x")
    assert copy.node_hash(b"a", b"b") == merkle.node_hash(b"a", b"b")
    assert copy.signed_text(3, b"r", 5, "k") == tree_heads.signed_text(3, b"r", 5, "k")
    assert copy.fingerprint(b"key")[:16] == tree_heads.key_id_of(b"key")
    leaves = [merkle.leaf_hash(bytes([n])) for n in range(5)]
    nodes: dict[tuple[int, int], bytes] = {}
    grow(0, nodes, leaves)
    root = range_hash(0, 5, nodes)
    for index in range(5):
        path = proof_hashes(inclusion_ranges(index, 5), nodes)
        assert copy.verify_inclusion(leaves[index], index, 5, path, root)
        assert verifiers.verify_inclusion(leaves[index], index, 5, path, root)
    names = ("FORMAT", "MANIFEST", "MANIFEST_SIGNATURE", "TREE_HEAD", "PUBLIC_KEY", "RECEIPT")
    assert all(getattr(package_layout, n) == getattr(layout, n) for n in names)
