"""`python -m audit.check_ledger`: verify the whole ledger as the audit service sees it.

Runs `verify_ledger` (every entry's canonical text, every leaf and subtree hash, every signed
tree head's root and signature with the key it names; the latest head's key must be the key
file's) with the audit service's own settings: DATABASE_URL (or AUDIT_WRITER_DATABASE_URL)
and LEDGER_SIGNING_KEY_PATH. Prints the report as JSON. Exit status 0 when the ledger
holds, 1 when a problem is found, 3 when the database or the key cannot be reached.
`custody admin verify-ledger` runs it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from custody_platform.db import make_engine, make_session_factory
from custody_platform.unit_of_work import UnitOfWork
from sqlalchemy.exc import SQLAlchemyError

from audit.adapters.signing_key import load_signer
from audit.config import Settings
from audit.service_layer.verification import VerificationReport, verify_ledger


async def _verify(settings: Settings) -> VerificationReport:
    public_key = load_signer(settings.ledger_signing_key_path, create=False).public_key
    engine = make_engine(settings.service_database_url, pool_size=1)
    try:
        async with UnitOfWork(
            make_session_factory(engine), schema=settings.schema_name, service="audit"
        ) as uow:
            return await verify_ledger(uow, public_key)
    finally:
        await engine.dispose()


def report_document(report: VerificationReport) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "tree_size": report.tree_size,
        "tree_head_id": report.head_id,
        "tree_heads": report.heads,
        "key_ids": report.key_ids,
        "problems": [
            {"index": p.index, "event_id": p.event_id and str(p.event_id), "what": p.what}
            for p in report.problems
        ],
    }


def main() -> int:
    try:
        report = asyncio.run(_verify(Settings()))
    except (OSError, ValueError, SQLAlchemyError) as exc:  # no key file, no database
        print(json.dumps({"ok": False, "error": str(exc)}))
        return 3
    print(json.dumps(report_document(report)))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
