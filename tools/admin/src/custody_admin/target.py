"""Where the system is and who the admin is: from flags, the environment, or the embedded
stack's stack.json (which `make run` writes, with the seeded superadmin's credentials)."""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from pathlib import Path

from custody_admin.outcome import Unreachable

# Beside stack.json, in the embedded stack's data directory.
LEDGER_KEY_FILE = "ledger-signing-key.pem"
C2PA_CA_KEY_FILE = "c2pa-ca-key.pem"
STACK_SECRETS_FILE = "secrets.json"


@dataclass(frozen=True)
class Target:
    api_url: str | None = None
    admin_email: str | None = None
    admin_password: str | None = None
    database_url: str | None = None
    kafka_bootstrap_servers: str | None = None
    ledger_key_path: str | None = None
    c2pa_ca_key_path: str | None = None
    object_store_path: str | None = None
    stack_secrets_path: str | None = None  # the embedded stack's secrets.json


def add_target_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("where the system is (flags, then --stack, then env)")
    group.add_argument("--stack", type=Path, help="the embedded stack's stack.json (make run)")
    group.add_argument("--api-url", help="the gateway's base URL [CUSTODY_API_URL]")
    group.add_argument("--admin-email", help="an admin's email [CUSTODY_ADMIN_EMAIL]")
    group.add_argument(
        "--admin-password-env",
        default="CUSTODY_ADMIN_PASSWORD",
        metavar="NAME",
        help="the environment variable holding the admin's password (default %(default)s); "
        "never a flag, so it stays out of shell history and process lists",
    )


def resolve(args: argparse.Namespace) -> Target:
    """Each value from its flag, else from --stack, else from the environment."""
    stack = _read_stack(args.stack) if args.stack else {}
    if args.stack:
        stack["ledger_key_path"] = str(args.stack.parent / LEDGER_KEY_FILE)
        stack["c2pa_ca_key_path"] = str(args.stack.parent / C2PA_CA_KEY_FILE)
        stack["stack_secrets_path"] = str(args.stack.parent / STACK_SECRETS_FILE)

    def pick(flag: str | None, key: str, env_name: str) -> str | None:
        return flag or stack.get(key) or os.environ.get(env_name)

    return Target(
        api_url=pick(args.api_url, "gateway_url", "CUSTODY_API_URL"),
        admin_email=pick(args.admin_email, "admin_email", "CUSTODY_ADMIN_EMAIL"),
        admin_password=pick(None, "admin_password", args.admin_password_env),
        database_url=pick(None, "database_url", "DATABASE_URL"),
        kafka_bootstrap_servers=pick(None, "kafka_bootstrap_servers", "KAFKA_BOOTSTRAP_SERVERS"),
        ledger_key_path=pick(None, "ledger_key_path", "LEDGER_SIGNING_KEY_PATH"),
        c2pa_ca_key_path=pick(None, "c2pa_ca_key_path", "C2PA_CA_KEY_PATH"),
        object_store_path=pick(None, "object_store_path", "OBJECT_STORE_PATH"),
        stack_secrets_path=stack.get("stack_secrets_path"),
    )


def _read_stack(path: Path) -> dict[str, str]:
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError) as exc:
        raise Unreachable(f"cannot read {path}: {exc}") from exc
