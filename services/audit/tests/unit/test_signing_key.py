"""The tree-head key: made once (by the embedded supervisor, without a crypto library, or by
the service outside production), loaded with cryptography, refused when missing in production."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from audit import keygen
from audit.adapters.signing_key import LedgerKey, load_signer
from audit.config import Settings
from audit.domain.tree_heads import signed_text
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from custody_platform.embedded.credentials import ledger_signing_key

pytestmark = pytest.mark.unit


def test_the_supervisors_key_signs_and_stays(tmp_path: Path) -> None:
    path = ledger_signing_key(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    signer = load_signer(path, create=False)
    assert (
        ledger_signing_key(tmp_path) == path
        and load_signer(path, create=False).key_id == signer.key_id
    )
    message = signed_text(3, b"\x01" * 32, 5, signer.key_id)
    load_pem_public_key(signer.public_key_pem.encode()).verify(signer.sign(message), message)  # type: ignore[union-attr,call-arg]


def test_missing_key_is_created_only_when_allowed(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_signer(tmp_path / "absent.pem", create=False)
    assert load_signer(tmp_path / "made.pem", create=True).key_id


def test_production_refuses_to_start_without_key_or_writer_role(tmp_path: Path) -> None:
    secret = "s" * 40
    with pytest.raises(ValueError, match="LEDGER_SIGNING_KEY_PATH"):
        Settings(
            custody_env="production", jwt_secret=secret, ledger_signing_key_path=tmp_path / "x"
        )
    key = ledger_signing_key(tmp_path)
    with pytest.raises(ValueError, match="AUDIT_WRITER_DATABASE_URL"):
        Settings(custody_env="production", jwt_secret=secret, ledger_signing_key_path=key)
    ok = Settings(
        custody_env="production",
        jwt_secret=secret,
        ledger_signing_key_path=key,
        audit_writer_database_url="postgresql+psycopg://audit_ledger@db/custody",
    )
    assert ok.service_database_url.startswith("postgresql+psycopg://audit_ledger@")


def test_keygen_makes_the_key_once_and_then_keeps_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ledger" / "signing-key.pem"
    assert keygen.main([str(path)]) == 0
    first = path.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o600
    assert keygen.main([str(path)]) == 0 and path.read_bytes() == first
    key_id = load_signer(path, create=False).key_id
    assert capsys.readouterr().out.count(key_id) == 2
    assert keygen.main([]) == 2


def test_a_rotated_key_file_is_read_again_and_the_old_one_never_comes_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ledger" / "signing-key.pem"
    key = LedgerKey(path, create=True)
    first = key.current()
    assert key.current() is first  # unchanged file: not read again
    assert keygen.main(["--rotate", str(path)]) == 0
    rotated = json.loads(capsys.readouterr().out)
    second = key.current()
    assert rotated == {"previous_key_id": first.key_id, "key_id": second.key_id}
    assert second.key_id != first.key_id and path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["signing-key.pem"]  # no stray copy
    assert keygen.main(["--rotate", str(tmp_path / "absent.pem")]) == 3
    assert keygen.main(["--rotate"]) == 2
