from __future__ import annotations

import json
import uuid

import pytest
from audit.domain.entries import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    canonical_json,
    entry_leaf_hash,
    page_size,
    reads_all_orgs,
)
from audit.domain.merkle import leaf_hash
from custody_contracts.principal import Principal

pytestmark = pytest.mark.unit

EVENT_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")


def test_canonical_json_is_sorted_compact_and_carries_the_event_id() -> None:
    text = canonical_json({"b": 1, "a": {"z": "é", "y": None}}, EVENT_ID)
    assert text == '{"a":{"y":null,"z":"é"},"b":1,"event_id":"' + str(EVENT_ID) + '"}'
    assert json.loads(text)["event_id"] == str(EVENT_ID)


def test_canonical_json_does_not_depend_on_key_order() -> None:
    assert canonical_json({"a": 1, "b": 2}, EVENT_ID) == canonical_json({"b": 2, "a": 1}, EVENT_ID)


def test_leaf_hash_is_over_the_utf8_canonical_text() -> None:
    text = canonical_json({"action": "évidence.downloaded"}, EVENT_ID)
    assert entry_leaf_hash(text) == leaf_hash(text.encode("utf-8"))


@pytest.mark.parametrize(
    ("roles", "all_orgs"),
    [({"service"}, True), ({"superadmin"}, True), ({"investigator", "org_admin"}, False)],
)
def test_only_services_and_superadmins_read_every_org(roles: set[str], all_orgs: bool) -> None:
    principal = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles=frozenset(roles))
    assert reads_all_orgs(principal) is all_orgs


def test_page_size() -> None:
    assert page_size(0) == DEFAULT_LIMIT
    assert page_size(-3) == DEFAULT_LIMIT
    assert page_size(10) == 10
    assert page_size(10**6) == MAX_LIMIT
