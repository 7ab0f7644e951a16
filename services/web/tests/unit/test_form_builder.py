"""The request form builder's draft: read as posted, fields added, moved and removed, each
type's body for the API (constraints it does not take left out), what is wrong said at its
input before the API is asked, and the API's refusal put at the input it names."""

from __future__ import annotations

import uuid

import pytest
from starlette.datastructures import FormData
from web.domain.form_builder import Draft, DraftField, PublishedForm
from web.domain.form_builder_checks import GENERAL, problems, refusal_errors
from web.domain.request_views import FormField
from web.domain.views import Problem

pytestmark = pytest.mark.unit


def _draft() -> Draft:
    plate = DraftField("text", label="Licence plate", pattern="[A-Z0-9]{2,8}", min="2", max="8")
    plate.id = "aa"
    colour = DraftField("single_select", label="Colour", options="Red\n\nBlue \n", min="1")
    colour.id = "bb"
    return Draft("Harbor questions", [plate, colour])


def _posted(draft: Draft) -> FormData:
    items = [("title", draft.title)]
    for f in draft.fields:
        items += [("field", f.id), (f.name("type"), f.type), (f.name("label"), f.label)]
        items += [(f.name("pattern"), f.pattern), (f.name("min"), f.min), (f.name("max"), f.max)]
        items += [(f.name("options"), f.options), (f.name("required"), "yes")]
    return FormData(items)


def test_a_posted_draft_reads_back_as_typed_and_drops_what_it_does_not_know() -> None:
    posted = _posted(_draft())
    read = Draft.read(FormData([*posted.multi_items(), ("field", "zz"), ("field", "../x")]))
    assert [f.id for f in read.fields] == ["aa", "bb"]  # no type for zz, a bad id for ../x
    assert read.fields[0].pattern == "[A-Z0-9]{2,8}" and read.fields[0].required


def test_fields_are_added_moved_and_removed() -> None:
    draft = _draft()
    focus = draft.apply("add", "number")
    added = draft.fields[-1]
    assert added.type == "number" and focus == added.name("label")
    draft.apply(f"up:{added.id}", "")
    assert [f.id for f in draft.fields] == ["aa", added.id, "bb"]
    draft.apply("up:aa", "")  # already first: stays
    draft.apply("remove:aa", "")
    assert [f.id for f in draft.fields] == [added.id, "bb"]
    assert draft.apply("add", "no_such_type") is None and len(draft.fields) == 2


def test_each_type_sends_only_the_constraints_it_takes() -> None:
    plate, colour = _draft().fields
    assert plate.spec() == {
        "key": "licence_plate", "label": "Licence plate", "type": "text", "required": False,
        "help_text": "", "pattern": "[A-Z0-9]{2,8}", "min": 2, "max": 8,
    }  # fmt: skip
    assert colour.spec()["options"] == ["Red", "Blue"] and "pattern" not in colour.spec()
    assert "min" not in colour.spec()  # a single choice has no count
    date = DraftField("date", label="Day", pattern="x", min="1")
    assert set(date.spec()) == {"key", "label", "type", "required", "help_text"}


def test_a_key_is_made_from_the_label_when_none_is_typed() -> None:
    assert DraftField("text", label="2nd officer's badge").api_key() == "field_2nd_officer_s_badge"
    assert DraftField("text", key="badge", label="Badge").api_key() == "badge"


def test_a_published_version_becomes_the_draft_it_started_from() -> None:
    fields = [FormField(key="n", label="N", type="number", min=0.5, max=123456789)]
    current = PublishedForm(
        id=uuid.uuid4(), org_id=uuid.uuid4(), version=3, title="T", fields=fields
    )
    draft = Draft.of(current)
    assert (draft.fields[0].min, draft.fields[0].max) == ("0.5", "123456789")
    assert draft.body()["fields"][0]["max"] == 123456789


def test_what_is_wrong_is_said_at_its_input_before_the_api_is_asked() -> None:
    plate, colour = _draft().fields
    plate.label, plate.min, plate.max = "", "ten", "1"
    colour.options = "Red\nRed"
    twin = DraftField("number", key="badge", label="Badge", min="5", max="1")
    other = DraftField("text", key="badge", label="Other")
    errors = problems(Draft(" ", [plate, colour, twin, other]))
    assert set(errors) == {
        "title", plate.name("label"), plate.name("min"), colour.name("options"),
        twin.name("max"), twin.name("key"), other.name("key"),
    }  # fmt: skip
    assert problems(Draft("T", [])) == {GENERAL: "Add at least one field"}
    assert problems(_draft()) == {}


def test_the_registrys_refusal_goes_to_the_input_it_names() -> None:
    draft = _draft()
    plate, colour = draft.fields
    detail = (
        "field 'licence_plate': pattern is not a valid regular expression for RE2 (invalid "
        "perl operator: (?=); field 'colour': a select field needs 1..100 options; title must "
        "be 1..200 characters; something else"
    )
    errors = refusal_errors(Problem(status=400, detail=detail), draft)
    assert errors[plate.name("pattern")].startswith("Pattern is not a valid regular expression")
    assert colour.name("options") in errors and "title" in errors
    assert errors[GENERAL] == "Something else"


def test_a_422s_locations_go_to_their_inputs() -> None:
    draft = _draft()
    problem = Problem(
        status=422,
        errors=[
            {"loc": ["body", "fields", 1, "label"], "msg": "String should have at most 200"},
            {"loc": ["body", "fields", 7, "label"], "msg": "out of the draft"},
        ],
    )
    errors = refusal_errors(problem, draft)
    assert errors == {
        draft.fields[1].name("label"): "String should have at most 200",
        GENERAL: "Out of the draft",
    }


def test_the_preview_is_the_compose_pages_view_of_each_field() -> None:
    (name, plate), (_, colour) = _draft().preview()
    assert name == "preview-aa" and plate.pattern == "[A-Z0-9]{2,8}" and plate.max == 8
    assert colour.options == ["Red", "Blue"] and colour.min is None
