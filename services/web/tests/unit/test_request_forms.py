"""The request pages' pure parts: the compose form's body and warnings, the API's refusal put
at the fields it names, the filters' query, the review queue's pairs and the conflict text."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from starlette.datastructures import FormData
from web.domain.request_filters import RequestFilters, filter_errors
from web.domain.request_views import CameraTerms, FormField, LineItem, RequestForm, VideoRequest
from web.domain.requests_forms import Compose, OwnerPart, field_errors
from web.domain.reviews import QueuedLineItem, ReviewQueue, conflict_message, waiting
from web.domain.views import Incident, Problem

pytestmark = pytest.mark.unit

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
HARBOR, DOCKS = uuid.uuid4(), uuid.uuid4()
LOBBY, GATE = uuid.uuid4(), uuid.uuid4()


def _compose() -> Compose:
    fields = [
        FormField(key="badge", label="Badge number", type="text", required=True),
        FormField(key="urgency", label="Urgency", type="number", min=1, max=5),
        FormField(key="consent", label="I agree", type="checkbox"),
        FormField(key="areas", label="Areas", type="multi_select", options=["a", "b"]),
        FormField(key="seen", label="Seen at", type="datetime"),
    ]
    form = RequestForm(id=uuid.uuid4(), version=2, title="Harbor form", fields=fields)
    lobby = CameraTerms(
        camera_id=LOBBY, camera_name="Lobby", owner_org_id=HARBOR, max_span_hours=2,
        retention_days=7,
    )  # fmt: skip
    gate = CameraTerms(camera_id=GATE, camera_name="Gate", owner_org_id=DOCKS, max_span_hours=12)
    return Compose([OwnerPart(HARBOR, "Harbor", [lobby], form), OwnerPart(DOCKS, "Docks", [gate])])


def _typed(**extra: str | list[str]) -> Compose:
    values: list[tuple[str, str]] = [
        ("incident_number", " MPD-7 "),
        (f"start-{LOBBY}", "2026-12-07T08:00"),
        (f"end-{LOBBY}", "2026-12-07T09:00"),
        (f"start-{GATE}", "2026-11-01T08:00"),
        (f"end-{GATE}", "2026-11-01T21:00"),
        (f"answer-{HARBOR}-badge", "4711"),
        (f"answer-{HARBOR}-urgency", "3"),
        (f"answer-{HARBOR}-areas", "a"),
        (f"answer-{HARBOR}-areas", "b"),
        (f"answer-{HARBOR}-seen", "2026-12-07T07:30"),
    ]
    values += [(name, value) for name, value in extra.items() if isinstance(value, str)]
    return _compose().read(FormData(values))


def test_the_body_has_one_line_item_per_camera_and_each_owners_answers() -> None:
    body = _typed().body()
    assert body["incident_number"] == "MPD-7"
    assert [i["camera_id"] for i in body["line_items"]] == [str(LOBBY), str(GATE)]
    assert body["line_items"][0]["start"] == "2026-12-07T08:00:00+00:00"
    assert body["form_answers"] == {
        str(HARBOR): {
            "badge": "4711",
            "urgency": 3,
            "consent": False,
            "areas": ["a", "b"],
            "seen": "2026-12-07T07:30:00+00:00",
        }
    }
    assert "incident_at" not in body


def test_what_cannot_be_converted_goes_as_typed_for_the_api_to_name() -> None:
    typed = _typed(**{f"answer-{HARBOR}-urgency": "three"})
    assert typed.body()["form_answers"][str(HARBOR)]["urgency"] == "three"


def test_missing_fields_are_named_before_the_api_is_asked() -> None:
    typed = _compose().read(FormData([("incident_number", " ")]))
    missing = typed.missing()
    assert missing["incident_number"] == "Enter the incident number"
    assert missing[f"start-{GATE}"] == "Enter when the video starts"
    assert missing[f"end-{LOBBY}"] == "Enter when the video ends"


def test_windows_warn_of_retention_and_span() -> None:
    warnings = _typed().warnings(NOW)
    assert warnings[str(LOBBY)] == []
    assert warnings[str(GATE)] == [
        "The owner allows at most 12 hours per camera: shorten the window"
    ]
    old = _typed(**{f"start-{LOBBY}": "2026-11-01T08:00", f"end-{LOBBY}": "2026-11-01T09:00"})
    assert old.warnings(NOW)[str(LOBBY)][0].startswith(
        "This camera keeps video for 7 days: the start is older than that"
    )


def test_a_refusal_is_put_at_the_fields_it_names() -> None:
    detail = (
        f"line_items[1]: window must not exceed the owner's 12 h; "
        f"form_answers[{HARBOR}].badge: does not match the expected format; "
        "incident time must not be in the future; something else"
    )
    errors = field_errors(Problem(status=400, detail=detail), _typed())
    assert errors == {
        f"end-{GATE}": "Window must not exceed the owner's 12 h",
        f"answer-{HARBOR}-badge": "Badge number does not match the expected format",
        "occurred_at": "Incident time must not be in the future",
        "request-form": "Something else",
    }


def test_a_422_is_put_at_the_fields_of_its_locations() -> None:
    problem = Problem(
        status=422,
        detail="the request is not valid",
        errors=[
            {"loc": ["body", "line_items", 0], "msg": "Value error, end must be after start"},
            {"loc": ["body", "incident_number"], "msg": "String should have at most 100"},
        ],
    )
    errors = field_errors(problem, _typed())
    assert errors[f"end-{LOBBY}"] == "End must be after start"
    assert errors["incident_number"] == "String should have at most 100"


def test_filters_make_the_api_query_and_keep_the_page_links() -> None:
    filters = RequestFilters.of({"status": "rejected", "created_to": "2026-12-07", "page": "2"})
    params = filters.api_params()
    assert params["created_to"] == "2026-12-08T00:00:00+00:00"  # the last day is included
    assert (params["limit"], params["offset"]) == (20, 20)
    assert filters.query(page=1) == "status=rejected&created_to=2026-12-07"
    assert RequestFilters.of({"page": "-3"}).page == 1
    refused = Problem(status=422, errors=[{"loc": ["query", "camera_id"], "msg": "Bad UUID"}])
    assert filter_errors(refused) == {"camera": "Enter a valid value: bad uuid"}


def _request(created: datetime, *items: LineItem) -> VideoRequest:
    return VideoRequest(
        id=uuid.uuid4(),
        incident_number="X",
        incident=Incident(number="X"),
        status="submitted",
        line_items=list(items),
        created_at=created,
    )


def _item(status: str, owner: uuid.UUID, due: datetime | None) -> LineItem:
    return LineItem(
        id=uuid.uuid4(), camera_id=uuid.uuid4(), camera_name="C", owner_org_id=owner,
        status=status, due_at=due, updated_at=NOW,
    )  # fmt: skip


def test_the_queue_pairs_each_waiting_item_with_its_request_in_the_apis_order() -> None:
    soon, later = _item("submitted", HARBOR, NOW), _item("under_review", HARBOR, NOW + timedelta(1))
    both = _request(NOW, later, soon)
    found = ReviewQueue(
        items=[
            QueuedLineItem(request=both, line_item_id=soon.id),
            QueuedLineItem(request=both, line_item_id=later.id),
        ],
        total=7,
    )
    assert [(w.request.id, w.item) for w in waiting(found)] == [(both.id, soon), (both.id, later)]


def test_the_second_approver_reads_who_got_there_first_and_when() -> None:
    message = conflict_message(_item("exporting", HARBOR, None))
    assert message.startswith("Someone else already approved this on 7 Dec 2026, 12:00 UTC")
    assert message.endswith("here is the current state.")
    assert conflict_message(_item("cancelled", HARBOR, None)).startswith("The requester withdrew")
