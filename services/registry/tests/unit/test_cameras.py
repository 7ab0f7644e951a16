from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument
from registry.domain.cameras import CameraSpec, can_see, new_camera, spec_problems
from registry.domain.search import DEFAULT_LIMIT, search_query

pytestmark = pytest.mark.unit

SPEC = CameraSpec(name=" Lobby ", kind="fixed", latitude=45.5, longitude=-73.6)
OWNER = uuid.uuid4()


def principal(org: uuid.UUID, *roles: str) -> Principal:
    return Principal(user_id=uuid.uuid4(), org_id=org, roles=frozenset(roles))


def test_new_camera_is_active_and_trimmed() -> None:
    camera = new_camera(SPEC, OWNER, datetime.now(UTC))
    assert (camera.status, camera.name, camera.org_id) == ("active", "Lobby", OWNER)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"name": " "}, "name"),
        ({"kind": "drone"}, "kind"),
        ({"latitude": 90.5}, "latitude"),
        ({"longitude": -181.0}, "longitude"),
        ({"latitude": float("nan")}, "latitude"),
        ({"channel": -1}, "channel"),
        ({"visibility": "public"}, "visibility"),
        # what the JSON API refuses at the gateway, refused where cameras are stored too
        ({"name": "Lob\x00by"}, "name must not contain control"),
        ({"name": "Gate \u202eexe.gpj"}, "name must not contain invisible"),
        ({"name": "Zero\u2060width"}, "name must not contain invisible"),
        ({"contact": "ops\r\nBcc: x"}, "contact must not contain control"),
        ({"vms_camera_ref": "cam\x1b"}, "vms_camera_ref must not contain control"),
    ],
)
def test_invalid_specs_are_rejected(change: dict[str, object], problem: str) -> None:
    spec = replace(SPEC, **change)  # type: ignore[arg-type]
    assert any(problem in p for p in spec_problems(spec))
    with pytest.raises(InvalidArgument, match=problem):
        new_camera(spec, OWNER, datetime.now(UTC))


def test_every_problem_is_reported_at_once() -> None:
    assert len(spec_problems(CameraSpec("", "x", 100, 200, visibility="x"))) == 5


def test_private_cameras_are_seen_by_their_owner_and_services_only() -> None:
    camera = new_camera(replace(SPEC, visibility="private"), OWNER, datetime.now(UTC))
    assert can_see(camera, principal(OWNER))
    assert can_see(camera, principal(uuid.uuid4(), "service"))
    assert not can_see(camera, principal(uuid.uuid4(), "investigator"))
    published = replace(camera, visibility="registry")
    assert can_see(published, principal(uuid.uuid4(), "investigator"))


def test_search_query_defaults_and_bounds() -> None:
    assert search_query(45, -73, 500, 0).limit == DEFAULT_LIMIT
    assert search_query(45, -73, 50_000, 500).limit == 500
    for args in [(45, -73, 0.5, 10), (45, -73, 50_001, 10), (45, -73, 100, 501), (91, 0, 10, 1)]:
        with pytest.raises(InvalidArgument):
            search_query(*args)
