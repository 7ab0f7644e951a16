"""The gauges operators watch: how far the latest signed tree head trails the ledger."""

from __future__ import annotations

import uuid

import pytest
from audit.entrypoints.workers import measure
from prometheus_client import REGISTRY

from .conftest import audit_record

pytestmark = pytest.mark.integration


def _gauge(name: str) -> float | None:
    return REGISTRY.get_sample_value(f"custody_ledger_{name}", {"service": "audit"})


async def test_gauges_show_entries_the_latest_signed_head_does_not_cover(runtime, deliver, sign):
    await deliver(audit_record(str(uuid.uuid4()), "evidence.viewed", uuid.uuid4()))
    head = await sign()
    signed, signed_at = head.tree_size, head.timestamp_ms / 1000
    await deliver(audit_record(str(uuid.uuid4()), "evidence.viewed", uuid.uuid4()))
    await measure(runtime.uow)
    assert _gauge("signed_entries") == signed
    assert _gauge("entries") == signed + 1
    assert _gauge("signed_tree_head_timestamp_seconds") == signed_at
