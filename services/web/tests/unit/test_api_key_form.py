"""The API key form: what is refused before the round trip, the body sent, and the gateway's
refusals placed at their fields."""

from __future__ import annotations

from datetime import date

import pytest
from web.domain.api_keys import ApiKeyForm, form_errors
from web.domain.views import Problem

pytestmark = pytest.mark.unit
TODAY = date(2026, 12, 7)


def test_a_blank_form_expires_in_90_days_and_names_each_missing_field() -> None:
    blank = ApiKeyForm.blank(TODAY)
    assert blank.expires_on == "2027-03-07"
    assert list(blank.problems(TODAY)) == ["name", "scopes"]


@pytest.mark.parametrize(
    ("expires_on", "rate", "wrong"),
    [
        ("2026-12-07", "10", "expires_on"),  # today: already past at midnight
        ("2027-12-08", "10", "expires_on"),  # more than a year
        ("soon", "10", "expires_on"),
        ("2027-01-01", "0", "requests_per_minute"),
        ("2027-01-01", "6001", "requests_per_minute"),
        ("2027-01-01", "ten", "requests_per_minute"),
    ],
)
def test_out_of_range_values_are_refused_at_their_field(
    expires_on: str, rate: str, wrong: str
) -> None:
    typed = ApiKeyForm("CAD", ["read_case"], expires_on, rate)
    assert list(typed.problems(TODAY)) == [wrong]


def test_the_body_expires_at_the_start_of_the_chosen_day_in_utc() -> None:
    typed = ApiKeyForm.read(
        {"name": " CAD ", "expires_on": "2027-01-01", "requests_per_minute": "60"}, ["read_case"]
    )
    assert typed.problems(TODAY) == {}
    assert typed.body() == {
        "name": "CAD",
        "scopes": ["read_case"],
        "expires_at": "2027-01-01T00:00:00+00:00",
        "requests_per_minute": 60,
    }


def test_the_gateways_refusals_land_at_their_fields() -> None:
    unknown = Problem(status=400, detail="scopes: not operations a key may call: create_user")
    assert form_errors(unknown) == {"scopes": "Not operations a key may call: create_user"}
    late = Problem(
        status=422, errors=[{"loc": ["body", "expires_at"], "msg": "Value error, too far"}]
    )
    assert form_errors(late) == {"expires_on": "Too far"}
