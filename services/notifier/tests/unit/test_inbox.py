from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from custody_contracts.events.device_gateway import BackgroundVideoFinished
from custody_contracts.events.video_requests import (
    LineItemRef,
    LineItemStatusChanged,
    RequestMessagePosted,
    RequestSubmitted,
)
from notifier.domain import inbox

pytestmark = pytest.mark.unit

NOW = datetime(2025, 6, 1, tzinfo=UTC)
HARBOR, PLAZA, METRO = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
ANN = uuid.uuid4()


def _submitted(*owners: uuid.UUID) -> RequestSubmitted:
    items = tuple(
        LineItemRef(
            line_item_id=uuid.uuid4(), camera_id=uuid.uuid4(), owner_org_id=o, start=NOW, end=NOW
        )
        for o in owners
    )
    return RequestSubmitted(
        request_id=uuid.uuid4(),
        requester_org_id=METRO,
        requester_user_id=uuid.uuid4(),
        incident_number="INC-7",
        line_items=items,
    )


def test_a_review_counts_only_the_approvers_own_cameras() -> None:
    event = _submitted(HARBOR, PLAZA, HARBOR)
    told = inbox.review(ANN, HARBOR, event)
    assert told.body == "An investigator asks for video from 2 of your cameras."
    assert inbox.review(ANN, PLAZA, event).body.endswith("from 1 of your cameras.")
    assert told.link == f"/requests/{event.request_id}"


def test_one_notice_per_user_and_long_text_is_cut() -> None:
    event = _submitted(HARBOR)
    twice = [inbox.review(ANN, HARBOR, event), inbox.review(ANN, PLAZA, event)]
    assert [n.org_id for n in inbox.one_per_user(twice)] == [HARBOR]
    message = RequestMessagePosted(
        message_id=uuid.uuid4(),
        request_id=event.request_id,
        owner_org_id=HARBOR,
        requester_org_id=METRO,
        requester_user_id=event.requester_user_id,
        incident_number="INC-7",
        author_user_id=ANN,
        author_party="requester",
        body="x" * 5000,
    )
    told = inbox.message(ANN, HARBOR, message)
    assert (told.kind, len(told.body)) == ("message_from_requester", inbox.MAX_BODY)
    assert told.body.startswith("The investigator wrote: xxx") and told.body.endswith("…")


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        ("more_info_requested", "more_info_requested"),
        ("video_unavailable", "no_video"),
        ("expired", "request_expired"),
    ],
)
def test_the_requester_hears_of_questions_no_video_and_expiry(status: str, kind: str) -> None:
    event = LineItemStatusChanged(
        request_id=uuid.uuid4(),
        line_item_id=uuid.uuid4(),
        owner_org_id=HARBOR,
        requester_org_id=METRO,
        requester_user_id=ANN,
        incident_number="INC-7",
        previous_status="under_review",
        status=status,
    )
    assert inbox.status_wanted(event)
    told = inbox.status_changed(event)
    assert (told.kind, told.user_id, told.org_id) == (kind, ANN, METRO)
    assert "Reason" not in told.body
    assert not inbox.status_wanted(event.model_copy(update={"status": "approved"}))


@pytest.mark.parametrize(
    ("outcome", "case_id", "kind", "title", "link"),
    [
        ("complete", None, "transfer_complete", "Video from Unit 12 transferred", "/devices/"),
        ("complete", uuid.UUID(int=7), "transfer_complete", "Video from Unit 12", "/cases/"),
        ("no_video", uuid.UUID(int=7), "no_video", "No video on Unit 12", "/devices/"),
        ("failed", None, "transfer_failed", "Video transfer from Unit 12 failed", "/devices/"),
    ],
)
def test_background_video_outcomes(
    outcome: str, case_id: uuid.UUID | None, kind: str, title: str, link: str
) -> None:
    event = BackgroundVideoFinished(
        background_request_id=uuid.uuid4(),
        device_id=uuid.uuid4(),
        device_name="Unit 12",
        org_id=METRO,
        requested_by=ANN,
        outcome=outcome,  # type: ignore[arg-type]
        reason="storage full" if outcome != "complete" else None,
        case_id=case_id,
        occurred_at=NOW,
    )
    told = inbox.background_video(event)
    assert (told.kind, told.user_id) == (kind, ANN)
    assert told.title.startswith(title) and told.link.startswith(link)
    if link == "/devices/":  # the background-video request's own page
        assert told.link.endswith(f"/video-requests/{event.background_request_id}")
    if outcome != "complete":
        assert told.body.endswith("storage full")
