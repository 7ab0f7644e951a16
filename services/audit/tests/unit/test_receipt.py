"""The package's receipt: where the recipient acknowledges it."""

from __future__ import annotations

import pytest
from audit.adapters.receipts import render_receipt

pytestmark = pytest.mark.unit

HEAD = {"tree_size": 3, "root_hash": "ab" * 32, "key_id": "k1"}


def _receipt(acknowledge_page: str) -> str:
    return render_receipt(
        disclosure_id="d1", case={"number": "2026-000001", "title": "Dock"},
        created_at="2026-12-07T10:00:00+00:00", recipient_name="County Court",
        recipient_email="clerk@court.example", note="", items=[], head=HEAD, token="tok_123",
        acknowledge_url="https://api.example/api/v1/disclosures/acknowledge",
        acknowledge_page=acknowledge_page,
    ).decode()  # fmt: skip


def test_with_a_web_app_the_receipt_links_its_acknowledgement_page() -> None:
    receipt = _receipt("https://custody.example")
    assert 'href="https://custody.example/d/tok_123"' in receipt
    assert "<form" not in receipt


def test_without_one_it_posts_to_the_gateway() -> None:
    receipt = _receipt("")
    assert 'action="https://api.example/api/v1/disclosures/acknowledge"' in receipt
    assert 'value="tok_123"' in receipt
