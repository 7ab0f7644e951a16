from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from custody_contracts.events.video_requests import LineItemRef, RequestRejected, RequestSubmitted
from notifier.domain.messages import (
    Email,
    Recipient,
    distinct_recipients,
    owner_orgs,
    request_link,
    request_rejected,
    request_submitted,
)

pytestmark = pytest.mark.unit

NOW = datetime(2025, 6, 1, tzinfo=UTC)
ORG_A, ORG_B = uuid.uuid4(), uuid.uuid4()


def _submitted(*owners: uuid.UUID) -> RequestSubmitted:
    items = tuple(
        LineItemRef(
            line_item_id=uuid.uuid4(), camera_id=uuid.uuid4(), owner_org_id=o, start=NOW, end=NOW
        )
        for o in owners
    )
    return RequestSubmitted(
        request_id=uuid.uuid4(),
        requester_org_id=uuid.uuid4(),
        requester_user_id=uuid.uuid4(),
        incident_number="INC-7",
        line_items=items,
    )


def test_owner_orgs_are_distinct_and_in_order() -> None:
    assert owner_orgs(_submitted(ORG_B, ORG_A, ORG_B)) == [ORG_B, ORG_A]


def test_request_link_joins_cleanly() -> None:
    request_id = uuid.uuid4()
    assert (
        request_link("https://c.example/", request_id) == f"https://c.example/requests/{request_id}"
    )


def test_approver_email_names_the_incident_and_links_the_request() -> None:
    event = _submitted(ORG_A, ORG_A, ORG_B)
    approver = Recipient("u1", ORG_A, "ann@harbor.example", "Ann")
    email = request_submitted(approver, event, "https://c.example")
    assert email.to == "ann@harbor.example"
    assert email.subject == "New video request INC-7"
    assert email.link == f"https://c.example/requests/{event.request_id}"
    assert "2 of your cameras" in email.text and email.greeting == "Hello Ann,"


def test_rejection_carries_the_reason() -> None:
    event = RequestRejected(
        request_id=uuid.uuid4(),
        line_item_id=uuid.uuid4(),
        owner_org_id=ORG_A,
        requester_org_id=ORG_B,
        requester_user_id=uuid.uuid4(),
        reason="camera was offline",
    )
    email = request_rejected(Recipient("u2", ORG_B, "iv@metro.example"), event, "INC-7", "http://x")
    assert email.subject == "Video request INC-7 rejected"
    assert "Reason: camera was offline" in email.text
    assert email.greeting == "Hello iv@metro.example,"


def test_one_email_per_address_whatever_the_case() -> None:
    a = Email(Recipient("1", None, "Ann@x.example"), "s", "b")
    b = Email(Recipient("2", None, "ann@x.example "), "s", "b")
    c = Email(Recipient("3", None, "bob@x.example"), "s", "b")
    assert distinct_recipients([a, b, c]) == [a, c]
