"""The camera form as typed and the camera list's filters: numbers kept as typed, the API's
refusals at the fields they name, and the list's address."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from web.domain.camera_form import CameraForm, form_errors
from web.domain.cameras_admin import CameraPage, Group, Groups, ListFilters, OwnCamera, notice_of
from web.domain.views import Problem

pytestmark = pytest.mark.unit

GROUP = uuid.uuid4()


def test_a_typed_form_becomes_the_apis_body() -> None:
    device = str(uuid.uuid4())
    typed = CameraForm.read(
        {"name": " Pier ", "kind": "ptz", "latitude": "45.5", "longitude": "-73.25",
         "heading": "90", "field_of_view": "", "retention_days": "30", "device_id": device,
         "channel": "2", "partners": "Metro PD\n\n Harbor Watch "}
    )  # fmt: skip
    assert typed.problems() == {}
    assert typed.partner_names == ["Metro PD", "Harbor Watch"]
    body = typed.body([GROUP])
    assert body["name"] == "Pier" and body["kind"] == "ptz"
    assert (body["latitude"], body["longitude"], body["heading"]) == (45.5, -73.25, 90.0)
    assert body["field_of_view"] is None and body["group_id"] is None
    assert (body["retention_days"], body["channel"], body["device_id"]) == (30, 2, device)
    assert body["partner_org_ids"] == [str(GROUP)]


def test_what_is_missing_or_not_a_number_is_said_at_its_field() -> None:
    typed = CameraForm(name="", latitude="45,5", longitude="", heading="north", channel="-1")
    errors = typed.problems()
    assert set(errors) == {"name", "latitude", "longitude", "heading", "channel"}
    assert "point, not a comma" in errors["latitude"]
    # A number out of range is the API's to refuse: it passes here, as typed.
    assert CameraForm(name="Pier", latitude="123", longitude="0").problems() == {}


def test_the_apis_refusals_land_at_their_fields() -> None:
    unprocessable = Problem(
        status=422,
        errors=[
            {"loc": ["body", "latitude"], "msg": "Input should be less than or equal to 90"},
            {"loc": ["body", "partner_org_ids", 0], "msg": "Input should be a valid UUID"},
        ],
    )
    assert form_errors(unprocessable) == {
        "latitude": "Input should be less than or equal to 90",
        "partners": "Input should be a valid UUID",
    }
    registry = Problem(
        status=400,
        detail="channel needs a device_id; a VMS binding needs both vms_device_id and "
        "vms_camera_ref; group_id names no camera group of your organization",
    )
    assert set(form_errors(registry)) == {"channel", "vms_device_id", "group_id"}


def test_a_camera_shown_back_in_the_form_keeps_its_precision() -> None:
    camera = OwnCamera(
        id=uuid.uuid4(), name="Pier", kind="fixed", latitude=45.5017123, longitude=-73.5,
        heading=90.0, field_of_view=None, group_id=GROUP, channel=0, retention_days=0,
    )  # fmt: skip
    form = CameraForm.of(camera, ["Metro PD"])
    assert (form.latitude, form.longitude, form.heading) == ("45.501712", "-73.5", "90")
    assert (form.field_of_view, form.channel, form.retention_days) == ("", "", "")
    assert (form.group_id, form.partners) == (str(GROUP), "Metro PD")


def test_the_lists_filters_read_from_its_address_and_link_back() -> None:
    filters = ListFilters.read({"text": " pier ", "group": "none", "status": "lost", "view": "x"})
    assert (filters.text, filters.group, filters.status, filters.view) == (
        "pier",
        "none",
        "",
        "table",
    )
    assert filters.api_params() == {
        "text": "pier", "status": "", "ungrouped": "true", "limit": 50, "cursor": ""
    }  # fmt: skip
    assert filters.link(cursor="abc") == "/admin/cameras?text=pier&group=none&cursor=abc"
    on_map = ListFilters.read({"group": str(GROUP), "view": "map", "cursor": "abc"})
    assert on_map.api_params() == {"text": "", "status": "", "group_id": str(GROUP), "limit": 500}
    assert ListFilters.read({"group": "not an id"}).group == ""


def test_notices_are_told_by_code_never_by_the_addresses_text() -> None:
    groups = Groups(items=[Group(id=GROUP, name="Harbor")])
    page = CameraPage(items=[])
    assert (
        notice_of({"moved": "2", "into": str(GROUP)}, page, groups) == "Moved 2 cameras into Harbor"
    )
    assert (
        notice_of({"moved": "1", "into": "none"}, page, groups)
        == "Moved 1 camera out of their group"
    )
    assert notice_of({"notice": "Call 555"}, page, groups) == ""
    assert notice_of({"retired": "<b>"}, page, groups).startswith("The camera is retired")


def test_a_replaced_thumbnail_gets_a_new_address() -> None:
    camera = OwnCamera(
        id=uuid.uuid4(), name="Pier", kind="fixed", latitude=0, longitude=0,
        updated_at=datetime(2026, 12, 7, tzinfo=UTC),
    )  # fmt: skip
    later = camera.model_copy(update={"updated_at": datetime(2026, 12, 8, tzinfo=UTC)})
    assert camera.thumbnail_url != later.thumbnail_url
