import json
import os
from pathlib import Path

import pytest
from custody_admin import cli
from custody_admin.redrive import redriven_headers
from custody_platform.embedded.credentials import ledger_signing_key

pytestmark = pytest.mark.unit


def test_every_subcommand_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (
        "create-org", "create-user", "verify-ledger", "redrive", "backup", "restore",
        "rotate-jwt-key", "rotate-ledger-key", "list-users", "deactivate-user",
        "reactivate-user", "reset-password",
    ):  # fmt: skip
        with pytest.raises(SystemExit) as exit_:
            cli.main(["admin", command, "--help"])
        assert exit_.value.code == 0
        assert "--json" in capsys.readouterr().out


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["admin", "create-user", "--org", "x", "--email", "a@b.c", "--name", "A"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        cli.main(["admin", "create-user", "--org", "x", "--email", "a", "--name", "A",
                  "--role", "superadmin"])  # fmt: skip
    assert exit_.value.code == 2


def test_no_gateway_exits_3_with_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CUSTODY_API_URL", "CUSTODY_ADMIN_EMAIL", "CUSTODY_ADMIN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["admin", "create-org", "Springfield", "--json"]) == 3
    assert "credentials" in json.loads(capsys.readouterr().out)["error"]


def test_an_unreachable_gateway_exits_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUSTODY_ADMIN_PASSWORD", "secret")
    argv = ["admin", "create-org", "X", "--api-url", "http://127.0.0.1:9", "--admin-email", "a@b.c"]
    assert cli.main(argv) == 3
    assert "cannot reach the system: gateway http://127.0.0.1:9" in capsys.readouterr().err


def test_stack_json_gives_the_target(tmp_path: os.PathLike[str]) -> None:
    stack = tmp_path / "stack.json"  # type: ignore[operator]
    stack.write_text(json.dumps({"gateway_url": "http://g", "admin_email": "a@b.c",
                                 "admin_password": "p", "database_url": "postgresql://d",
                                 "kafka_bootstrap_servers": "k:1"}))  # fmt: skip
    args = cli.build_parser().parse_args(["admin", "verify-ledger", "--stack", str(stack)])
    target = cli.resolve(args)
    assert (target.api_url, target.admin_password, target.kafka_bootstrap_servers) == (
        "http://g",
        "p",
        "k:1",
    )
    assert target.ledger_key_path == str(tmp_path / "ledger-signing-key.pem")  # type: ignore[operator]
    assert target.c2pa_ca_key_path == str(tmp_path / "c2pa-ca-key.pem")  # type: ignore[operator]


def test_a_restore_from_the_environment_needs_the_c2pa_key_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    monkeypatch.setenv("LEDGER_SIGNING_KEY_PATH", str(tmp_path / "ledger.pem"))
    monkeypatch.delenv("C2PA_CA_KEY_PATH", raising=False)
    assert cli.main(["admin", "restore", str(tmp_path), "--json"]) == 3
    assert "C2PA_CA_KEY_PATH" in json.loads(capsys.readouterr().out)["error"]


def test_redrive_drops_the_dead_letter_notes() -> None:
    headers = (("ce_id", b"1"), ("x-error-type", b"E"), ("x-original-topic", b"t"))
    assert redriven_headers(headers) == [("ce_id", b"1")]


def test_a_ledger_key_rotates_without_a_gateway_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key file is replaced (owner-only); the head it would sign at once waits for the
    audit service's schedule when the gateway cannot be reached."""
    for name in ("CUSTODY_API_URL", "CUSTODY_ADMIN_EMAIL", "CUSTODY_ADMIN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    key = ledger_signing_key(tmp_path)
    before = key.read_bytes()
    monkeypatch.setenv("LEDGER_SIGNING_KEY_PATH", str(key))
    assert cli.main(["admin", "rotate-ledger-key", "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["key_id"] != done["previous_key_id"] and "tree_head" not in done
    assert key.read_bytes() != before and key.stat().st_mode & 0o777 == 0o600
    assert cli.main(["admin", "rotate-ledger-key"]) == 0
    assert "no head signed now" in capsys.readouterr().out
    monkeypatch.setenv("LEDGER_SIGNING_KEY_PATH", str(tmp_path / "absent.pem"))
    assert cli.main(["admin", "rotate-ledger-key", "--json"]) == 3


def test_rotating_the_jwt_key_needs_the_database(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert cli.main(["admin", "rotate-jwt-key", "--json"]) == 3
    assert "DATABASE_URL" in json.loads(capsys.readouterr().out)["error"]
