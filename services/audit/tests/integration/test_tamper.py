"""Change one row behind the ledger's back (superuser, triggers off): verification names it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from audit.service_layer.verification import verify_ledger
from sqlalchemy import text

from .conftest import audit_record

pytestmark = pytest.mark.integration

Tamper = Callable[[str, dict[str, object]], Awaitable[None]]


@pytest.fixture
async def tamper(owner_engine) -> AsyncIterator[Tamper]:  # type: ignore[no-untyped-def]
    """Runs an UPDATE with triggers off, and puts the ledger back afterwards."""
    saved: list[tuple[str, object]] = []

    async def run(statement: str, params: dict[str, object]) -> None:
        async with owner_engine.begin() as conn:
            await conn.execute(text("SET LOCAL session_replication_role = replica"))
            row = await conn.execute(
                text(
                    "SELECT idx, record::text, canonical, leaf_hash FROM audit.ledger_entries "
                    "WHERE event_id = :e"
                ),
                params,
            )
            saved.append(("entry", row.one()))
            await conn.execute(text(statement), params)

    yield run
    async with owner_engine.begin() as conn:
        await conn.execute(text("SET LOCAL session_replication_role = replica"))
        for _, (idx, record, canonical, leaf) in saved:  # type: ignore[misc]
            await conn.execute(
                text(
                    "UPDATE audit.ledger_entries SET record = CAST(:r AS JSONB), "
                    "canonical = :c, leaf_hash = :l WHERE idx = :i"
                ),
                {"r": record, "c": canonical, "l": leaf, "i": idx},
            )


async def _verify(runtime, signer):  # type: ignore[no-untyped-def]
    async with runtime.uow() as uow:
        return await verify_ledger(uow, signer._key.public_key())


async def _setup(deliver, sign) -> uuid.UUID:  # type: ignore[no-untyped-def]
    org = uuid.uuid4()
    envelopes = [await deliver(audit_record(str(uuid.uuid4()), "x", org)) for _ in range(4)]
    await sign()
    return envelopes[2].id


async def test_an_untouched_ledger_verifies(deliver, sign, runtime, signer):
    await _setup(deliver, sign)
    report = await _verify(runtime, signer)
    assert report.ok, report.problems
    assert report.tree_size > 0 and report.head_id is not None


async def test_a_changed_record_is_named(deliver, sign, runtime, signer, tamper):
    event_id = await _setup(deliver, sign)
    await tamper(
        "UPDATE audit.ledger_entries SET record = jsonb_set(record, '{action}', '\"forged\"') "
        "WHERE event_id = :e",
        {"e": event_id},
    )
    report = await _verify(runtime, signer)
    assert [(p.event_id, p.what) for p in report.problems] == [
        (event_id, "record does not match its canonical text")
    ]


async def test_a_rewritten_entry_is_named_by_its_index(deliver, sign, runtime, signer, tamper):
    """Record, canonical text and leaf hash rewritten to agree: the stored subtree hashes and
    the signed root still give it away."""
    event_id = await _setup(deliver, sign)
    await tamper(
        "UPDATE audit.ledger_entries SET "
        'canonical = replace(canonical, \'"action":"x"\', \'"action":"y"\'), '
        "record = jsonb_set(record, '{action}', '\"y\"') WHERE event_id = :e",
        {"e": event_id},
    )
    async with runtime.engine.connect() as conn:
        index, canonical = (
            await conn.execute(
                text("SELECT idx, canonical FROM audit.ledger_entries WHERE event_id = :e"),
                {"e": event_id},
            )
        ).one()
    report = await _verify(runtime, signer)
    named = {(p.index, p.event_id) for p in report.problems if p.index is not None}
    assert (index, event_id) in named  # leaf hash no longer matches the new canonical text
    assert any(p.what == f"stored subtree hash (0, {index}) differs" for p in report.problems)
    assert any(p.what.startswith("root differs from tree head") for p in report.problems)
    assert '"action":"y"' in canonical
