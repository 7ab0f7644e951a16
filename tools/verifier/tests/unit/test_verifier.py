"""custody-verify on a committed test vector (a package laid out and signed by the audit
service's code): it verifies, pinned or not (unpinned says so loudly), a wrong pin fails,
--require-pin refuses to run unpinned, and a flipped byte anywhere is named."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from custody_verify.cli import main
from custody_verify.package import Pin, verify_package

pytestmark = pytest.mark.unit

DATA = Path(__file__).resolve().parent.parent / "data"
PACKAGE = DATA / "package.zip"
VECTOR: dict[str, Any] = json.loads((DATA / "package.json").read_text())


def test_the_vector_verifies_and_unpinned_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_package(PACKAGE) == []
    assert main([str(PACKAGE)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("OK") and "NOT pinned" in out
    assert err.startswith("WARNING") and VECTOR["fingerprint"] in err


@pytest.mark.parametrize("pin", ["key_id", "fingerprint"])
def test_a_pinned_key_id_or_fingerprint(pin: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PACKAGE), "--key-id", VECTOR[pin].upper(), "--require-pin"]) == 0
    out, err = capsys.readouterr()
    assert "pinned one" in out and not err


def test_a_pinned_key_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "issuer.pem"
    with zipfile.ZipFile(PACKAGE) as package:
        key.write_bytes(package.read("public_key.pem"))
    assert main([str(PACKAGE), "--key", str(key)]) == 0
    assert "WARNING" not in capsys.readouterr().err


def test_a_wrong_pin_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PACKAGE), "--key-id", "0" * 16]) == 1
    assert f"key id {VECTOR['key_id']}, expected {'0' * 16}" in capsys.readouterr().out
    assert verify_package(PACKAGE, Pin(key_ids=("f" * 64,))) != []
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    assert verify_package(PACKAGE, Pin(public_keys_pem=(other,))) == [
        "public_key.pem: not the pinned key"
    ]


def test_require_pin_without_one_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PACKAGE), "--require-pin"]) == 2
    assert "--require-pin" in capsys.readouterr().err


def _rewritten(tmp_path: Path, name: str, at: int) -> Path:
    with zipfile.ZipFile(PACKAGE) as package:
        members = {i.filename: package.read(i) for i in package.infolist()}
    data = members[name]
    members[name] = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
    out = tmp_path / "tampered.zip"
    with zipfile.ZipFile(out, "w") as package:
        for path, content in members.items():
            package.writestr(path, content)
    return out


@pytest.mark.parametrize(
    ("member", "named"),
    [
        (VECTOR["original"], f"{VECTOR['original']}: sha256"),
        ("manifest.json", "manifest.json: signature"),
        ("manifest.sig", "manifest.json: signature"),
        ("tree_head.json", "tree_head.json"),
        (f"audit/{VECTOR['evidence_id']}.json", f"audit/{VECTOR['evidence_id']}.json"),
        ("receipt.html", "receipt.html: sha256"),
    ],
)
def test_a_tampered_package_fails_and_names_the_member(
    tmp_path: Path, member: str, named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tampered = _rewritten(tmp_path, member, 12)
    assert main([str(tampered), "--key-id", VECTOR["key_id"]]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and named in out, out


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "p.zip"
    path.write_bytes(b"nope")
    assert main([str(path)]) == 1


def _other_key() -> tuple[str, str]:
    """Another issuer key: its key id and PEM."""
    import hashlib

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public = Ed25519PrivateKey.generate().public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(raw).hexdigest()[:16], pem.decode()


def _key_list(tmp_path: Path, *, until: int | None) -> Path:
    """The issuer's published list after a rotation: the package's key, then a newer one."""
    with zipfile.ZipFile(PACKAGE) as package:
        pem = package.read("public_key.pem").decode()
        signed = json.loads(package.read("tree_head.json"))["timestamp_ms"]
    newer_id, newer_pem = _other_key()
    items = [
        {"key_id": VECTOR["key_id"], "algorithm": "Ed25519", "public_key_pem": pem,
         "valid_from_ms": signed - 1000, "valid_until_ms": until},
        {"key_id": newer_id, "algorithm": "Ed25519", "public_key_pem": newer_pem,
         "valid_from_ms": until, "valid_until_ms": None},
    ]  # fmt: skip
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"items": items}))
    return path


def test_any_of_the_issuers_rotated_keys_may_be_pinned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer_id, _ = _other_key()
    argv = [str(PACKAGE), "--key-id", newer_id, "--key-id", VECTOR["key_id"], "--require-pin"]
    assert main(argv) == 0
    with zipfile.ZipFile(PACKAGE) as package:
        signed = json.loads(package.read("tree_head.json"))["timestamp_ms"]
    assert main([str(PACKAGE), "--keys", str(_key_list(tmp_path, until=signed + 1))]) == 0
    assert "pinned one" in capsys.readouterr().out


def test_a_head_signed_after_its_key_was_replaced_or_by_an_unlisted_key_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(PACKAGE) as package:
        signed = json.loads(package.read("tree_head.json"))["timestamp_ms"]
    assert main([str(PACKAGE), "--keys", str(_key_list(tmp_path, until=signed))]) == 1
    assert f"outside key {VECTOR['key_id']}'s validity" in capsys.readouterr().out
    newer_id, newer_pem = _other_key()
    listed = tmp_path / "only-newer.json"
    listed.write_text(json.dumps({"items": [{"key_id": newer_id, "public_key_pem": newer_pem}]}))
    assert main([str(PACKAGE), "--keys", str(listed)]) == 1
    assert "public_key.pem: not the pinned key" in capsys.readouterr().out
    listed.write_text(json.dumps({"keys": []}))
    assert main([str(PACKAGE), "--keys", str(listed)]) == 2
    assert "not a published key list" in capsys.readouterr().err
