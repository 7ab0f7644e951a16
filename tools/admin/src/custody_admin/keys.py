"""`custody admin rotate-jwt-key` and `rotate-ledger-key` (decision 0046): each runs the
service's own command with the settings the service has, so the key rules stay there.

The ledger key: a new key file replaces the old at LEDGER_SIGNING_KEY_PATH (the audit
service reads it again before its next head), then a head is signed at once through the
gateway, so the latest head is the new key's and `verify-ledger` passes straight away."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from custody_admin import service_module
from custody_admin.gateway import Gateway
from custody_admin.outcome import OK, Outcome, Unreachable
from custody_admin.target import Target


def rotate_jwt_key(target: Target) -> Outcome:
    if not target.database_url:
        raise Unreachable(
            "no database: give --stack, or set DATABASE_URL and JWT_SECRET (or JWT_SECRET_FILE) "
            "as the gateway has them"
        )
    env = {"DATABASE_URL": target.database_url, **_stack_jwt_secret(target)}
    _, done = service_module.run("gateway.rotate_jwt_key", env=env)
    previous = done["previous_kid"] or "JWT_SECRET (tokens without a kid)"
    text = (
        f"new access-token key {done['kid']} signs from {done['signs_from']}\n"
        f"{previous} is accepted until {done['previous_retires_at']}"
    )
    if done["retired"]:
        text += f"\nretired (secret erased): {', '.join(done['retired'])}"
    return Outcome(OK, text, done)


def rotate_ledger_key(target: Target) -> Outcome:
    if not target.ledger_key_path:
        raise Unreachable("no ledger key: give --stack, or set LEDGER_SIGNING_KEY_PATH")
    _, done = service_module.run("audit.keygen", "--rotate", target.ledger_key_path, env={})
    text = f"ledger key {done['key_id']} replaces {done['previous_key_id']}"
    try:
        with Gateway(target) as gateway:
            head = gateway.sign_tree_head()
    except Unreachable as exc:  # the key is rotated; the audit service signs on its schedule
        return Outcome(OK, f"{text}\nno head signed now ({exc}): the next scheduled one is", done)
    signed = f"{text}\ntree head {head['id']} signed with it"
    return Outcome(OK, signed, {**done, "tree_head": head})


def _stack_jwt_secret(target: Target) -> dict[str, str]:
    """The embedded stack keeps JWT_SECRET in its secrets.json; elsewhere the environment has it."""
    if not target.stack_secrets_path:
        return {}
    secrets: dict[str, Any] = json.loads(Path(target.stack_secrets_path).read_text())
    return {"JWT_SECRET": secrets["jwt_secret"]}
