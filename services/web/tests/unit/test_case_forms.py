"""The case pages' pure parts: the form as typed and the body it sends, the API's refusal at
its field, the list's filters and pages, and how an evidence item reads in the grid."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from starlette.datastructures import FormData, QueryParams
from web.domain.case_filters import PAGE_SIZE, CaseFilters, filter_errors
from web.domain.case_form import CaseForm, form_errors
from web.domain.case_views import CaseView, EvidenceView
from web.domain.views import Problem

pytestmark = pytest.mark.unit
ANA = str(uuid.uuid4())


def _posted(**fields: str) -> FormData:
    return FormData([*fields.items(), ("assignee", ANA)])


def test_the_form_sends_lists_times_and_custom_fields_as_the_api_takes_them() -> None:
    typed = CaseForm.read(
        _posted(title="Hit and run", tags="robbery,  downtown ,", incident_at="2026-12-01T09:30",
                custom_fields="Court date: 2027-02-01\n\nOfficer: Diaz")
    )  # fmt: skip
    body = typed.body(creating=True)
    assert body["tags"] == ["robbery", "downtown"] and body["assignees"] == [ANA]
    assert body["incident_at"] == "2026-12-01T09:30:00+00:00" and body["number"] == ""
    assert body["custom_fields"] == {"Court date": "2027-02-01", "Officer": "Diaz"}
    assert "number" not in typed.body(creating=False)


def test_an_empty_time_clears_it_and_an_unreadable_custom_field_is_named() -> None:
    typed = CaseForm.read(_posted(title="x", custom_fields="no colon here"))
    assert typed.body(creating=False)["incident_at"] is None
    assert "custom_fields" in typed.problems()


def test_a_case_fills_the_form_back_as_text() -> None:
    case = CaseView.model_validate(
        {"id": str(uuid.uuid4()), "org_id": str(uuid.uuid4()), "number": "2026-000001",
         "title": "T", "status": "open", "tags": ["a", "b"], "custom_fields": {"n": 3, "s": "x"},
         "incident_at": datetime(2026, 12, 1, 9, 30, tzinfo=UTC).isoformat(), "assignees": [ANA]}
    )  # fmt: skip
    form = CaseForm.of(case)
    assert form.tags == "a, b" and form.custom_fields == "n: 3\ns: x"
    assert form.incident_at == "2026-12-01T09:30" and form.assignees == [ANA]


def test_the_apis_refusal_goes_to_the_field_it_names() -> None:
    problem = Problem(
        status=422,
        errors=[
            {"loc": ["body", "title"], "msg": "String should have at least 1 character"},
            {"loc": ["body", "tags", 0], "msg": "String should have at most 100 characters"},
            {"loc": ["body"], "msg": "Something else"},
        ],
    )
    errors = form_errors(problem)
    assert errors["title"] == "Title: string should have at least 1 character"
    assert errors["tags"].startswith("Tags: string should have at most")
    assert "form" in errors
    taken = form_errors(Problem(status=409, detail="case number 2026-1 is taken"))
    assert taken == {"number": "Case number 2026-1 is taken"}


def test_filters_keep_to_the_url_and_page_by_the_api_cursor() -> None:
    filters = CaseFilters.of(QueryParams("q=dock&status=open&assignee=&page=2&cursor=abc"))
    assert filters.active and filters.page == 2 and filters.cursor == "abc"
    assert filters.api_params() == {
        "q": "dock", "status": "open", "tag": "", "department": "", "assignee": "",
        "created_from": "", "created_to": "", "limit": PAGE_SIZE, "cursor": "abc",
    }  # fmt: skip
    assert filters.query() == "q=dock&status=open"  # a new filter starts at the first page
    assert filters.query(tag="x") == "q=dock&status=open&tag=x"
    assert filters.next_page("def") == "q=dock&status=open&page=3&cursor=def"
    assert filters.next_page(None) == ""
    assert filters.pages(PAGE_SIZE + 5) == 2
    assert CaseFilters.of(QueryParams("page=4")).page == 1  # no cursor: the first page


def test_dates_go_as_whole_days_in_utc_and_anything_else_as_typed() -> None:
    params = CaseFilters.of(
        QueryParams("created_from=2026-12-01&created_to=2026-12-07")
    ).api_params()
    assert params["created_from"] == "2026-12-01T00:00:00+00:00"
    assert params["created_to"] == "2026-12-08T00:00:00+00:00"  # the last day included
    assert CaseFilters(created_to="soon").api_params()["created_to"] == "soon"


def test_a_guest_only_ever_lists_shared_cases() -> None:
    filters = CaseFilters.of(QueryParams("q=x"), guest=True)
    assert filters.api_params() == {"shared": "true"} and "shared=true" in filters.query()
    errors = filter_errors([{"loc": ["query", "status"], "msg": "Too long"}], "bad")
    assert errors == {"status": "Enter a valid value: too long"}
    assert filter_errors([], "Bad filters") == {"filters": "Bad filters"}


def _item(**fields: object) -> EvidenceView:
    return EvidenceView.model_validate(
        {"id": str(uuid.uuid4()), "filename": "lobby.mp4", "sha256": "ab" * 32, **fields}
    )


def test_an_item_reads_with_its_kind_duration_source_and_short_hash() -> None:
    clip = _item(content_type="video/mp4", source="upload", media={"duration_seconds": 65.4})
    assert (clip.kind, clip.duration, clip.source_label) == ("Video", "1:05", "Upload")
    assert clip.short_hash == "ab" * 6
    long = _item(media={"duration_seconds": 3725})
    assert long.duration == "1:02:05" and long.kind == "File"
    delivered = _item(source="device", request_id=str(uuid.uuid4()), camera_id=str(uuid.uuid4()))
    assert delivered.source_label == "Registry camera (requested)"
    assert _item(source="public", content_type="image/jpeg").source_label == "Public upload"
    assert _item(content_type="image/jpeg").duration == ""
