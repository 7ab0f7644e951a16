"""A rotated tree-head key (decision 0046): the key file is replaced, the next head is signed
with the new key even when the ledger has not grown, heads signed by either key verify, and
every key is published with the time it first and last signed."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from audit.adapters.signing_key import LedgerKey, write_key
from audit.service_layer.signing_keys import published_keys
from audit.service_layer.tree_heads import sign_if_grown, sign_tree_head
from audit.service_layer.verification import verify_ledger
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from .conftest import audit_record

pytestmark = pytest.mark.integration


async def test_heads_signed_before_and_after_a_rotation_verify(
    deliver, runtime, owner_engine, tmp_path: Path
):  # type: ignore[no-untyped-def]
    key = LedgerKey(tmp_path / "ledger-signing-key.pem", create=True)
    old = key.current()
    org = uuid.uuid4()
    for _ in range(3):
        await deliver(audit_record(str(uuid.uuid4()), "x", org))
    async with runtime.uow() as uow:
        before = await sign_tree_head(uow, old)
        await uow.commit()

    write_key(key.path, replace=True)
    new = key.current()
    async with runtime.uow() as uow:  # not grown, but the key changed: signed anyway
        switched = await sign_if_grown(uow, new)
        await uow.commit()
    assert switched is not None and switched.key_id == new.key_id != old.key_id
    await deliver(audit_record(str(uuid.uuid4()), "x", org))
    async with runtime.uow() as uow:
        after = await sign_if_grown(uow, new)
        await uow.commit()
    assert after is not None and after.tree_size == switched.tree_size + 1

    async with runtime.uow() as uow:
        report = await verify_ledger(uow, new.public_key)
        published = {k.key_id: k for k in await published_keys(uow, new)}
    assert report.ok, report.problems
    assert report.key_ids[-2:] == [old.key_id, new.key_id]
    assert published[old.key_id].valid_from_ms == before.timestamp_ms
    assert published[old.key_id].valid_until_ms == switched.timestamp_ms
    assert (published[new.key_id].valid_from_ms, published[new.key_id].valid_until_ms) == (
        switched.timestamp_ms,
        0,
    )
    assert list(published)[-1] == new.key_id

    async with runtime.uow() as uow:  # the old key alone no longer vouches for the ledger
        stale = await verify_ledger(uow, old.public_key)
    assert [p.what for p in stale.problems] == [
        f"the latest tree head {after.id} is signed by key {new.key_id}, not by the key "
        f"file's {old.key_id} (just rotated? sign a head: POST /api/v1/audit/tree-heads)"
    ]

    async with owner_engine.begin() as conn:  # a listed key can be neither changed nor removed
        with pytest.raises(DBAPIError, match="append-only"):
            delete = text("DELETE FROM audit.signing_keys WHERE key_id = :k")
            await conn.execute(delete, {"k": old.key_id})
