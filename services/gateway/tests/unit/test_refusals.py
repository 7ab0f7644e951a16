"""Which answers are refusals to audit, and the object their record names (decision 0018)."""

from __future__ import annotations

import pytest
from gateway.domain.refusals import refusal_of

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("template", "params", "named"),
    [
        ("/api/v1/orgs/{org_id}", {"org_id": "o"}, ("organization", "o")),
        ("/api/v1/cases/{case_id}/evidence", {"case_id": "c"}, ("case", "c")),
        (
            "/api/v1/orgs/{org_id}/request-form/versions/{version_id}",
            {"org_id": "o", "version_id": "v"},
            ("version", "v"),
        ),
        (
            "/api/v1/redactions/{job_id}/tracks/{track_id}/thumbnail",
            {"job_id": "j", "track_id": 7},
            ("job", "j"),
        ),
        ("/api/v1/{kind}/{object_id}/grants", {"kind": "cases", "object_id": "c"}, ("case", "c")),
        (
            "/api/v1/{kind}/{object_id}/grants",
            {"kind": "evidence", "object_id": "e"},
            ("evidence", "e"),
        ),
    ],
)
def test_the_innermost_object_is_named(
    template: str, params: dict[str, object], named: tuple[str, str]
) -> None:
    refusal = refusal_of("GET", template, params, 404)
    assert refusal is not None
    assert (refusal.object_type, refusal.object_id) == named
    assert refusal.path_params == {k: str(v) for k, v in params.items()}


@pytest.mark.parametrize("status", [200, 201, 204, 400, 401, 409, 413, 422, 429, 500, 502])
def test_only_403_and_404_are_refusals(status: int) -> None:
    assert refusal_of("GET", "/api/v1/cases/{case_id}", {"case_id": "c"}, status) is None


def test_an_operation_that_names_no_object_records_nothing() -> None:
    assert refusal_of("GET", "/api/v1/cases", {}, 403) is None
    assert refusal_of("GET", "/api/v1/retention/{category}", {"category": "x"}, 404) is None
