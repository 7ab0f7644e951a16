"""Verify the whole ledger by running the audit service's own check (`python -m
audit.check_ledger`) against its database and key: the ledger's rules stay in the audit
service, and this tool imports no service."""

from __future__ import annotations

from typing import Any

from custody_admin import service_module
from custody_admin.outcome import FAILED, OK, Outcome, Unreachable
from custody_admin.target import Target

TIMEOUT = 3600.0  # a large ledger is re-derived in full


def verify_ledger(target: Target) -> Outcome:
    if not (target.database_url and target.ledger_key_path):
        raise Unreachable(
            "no database or ledger key: give --stack, or set DATABASE_URL and "
            "LEDGER_SIGNING_KEY_PATH as the audit service has them"
        )
    env = {"DATABASE_URL": target.database_url, "LEDGER_SIGNING_KEY_PATH": target.ledger_key_path}
    status, report = service_module.run("audit.check_ledger", env=env, timeout=TIMEOUT)
    return Outcome(OK if status == 0 else FAILED, _text(report), report)


def _text(report: dict[str, Any]) -> str:
    head = report["tree_head_id"]
    signed = f"tree head {head}" if head is not None else "no signed tree head yet"
    lines = [f"ledger: {report['tree_size']} entries, {signed}"]
    if report.get("key_ids"):
        lines.append(f"{report['tree_heads']} signed heads, by keys {', '.join(report['key_ids'])}")
    problems = report["problems"]
    if not problems:
        return "\n".join([*lines, "verified: every entry, subtree and the signed root hold"])
    for problem in problems:
        where = f"entry {problem['index']}" if problem["index"] is not None else "ledger"
        event = f" (event {problem['event_id']})" if problem["event_id"] else ""
        lines.append(f"PROBLEM {where}{event}: {problem['what']}")
    return "\n".join([*lines, f"{len(problems)} problem(s) found"])
