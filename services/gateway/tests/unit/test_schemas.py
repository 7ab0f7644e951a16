from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from custody_contracts.grpc import registry_pb2
from gateway.config import Settings
from gateway.entrypoints.api.schemas.cameras import CameraCreate, camera_public
from gateway.entrypoints.api.schemas.identity import UserCreate
from gateway.entrypoints.api.schemas.requests import LineItemCreate, RequestCreate
from pydantic import SecretStr, ValidationError

pytestmark = pytest.mark.unit

OWNER = uuid.uuid4()
DEVICE = uuid.uuid4()
CAMERA = registry_pb2.Camera(
    id=str(uuid.uuid4()),
    org_id=str(OWNER),
    name="Lobby",
    kind="fixed",
    latitude=1.0,
    longitude=2.0,
    device_id=str(DEVICE),
    channel=2,
    visibility="registry",
    status="active",
)


def test_owner_sees_the_source_binding() -> None:
    camera = camera_public(CAMERA, OWNER)
    assert (camera.device_id, camera.channel) == (DEVICE, 2)


def test_other_organizations_do_not() -> None:
    camera = camera_public(CAMERA, uuid.uuid4())
    assert (camera.device_id, camera.channel) == (None, None)
    assert camera.name == "Lobby"


def test_camera_create_to_proto() -> None:
    body = CameraCreate(name="Gate", kind="ptz", latitude=52.1, longitude=4.3, device_id=DEVICE)
    message = body.to_proto()
    assert (message.device_id, message.visibility, message.kind) == (str(DEVICE), "registry", "ptz")
    assert CameraCreate(name="Gate", kind="ptz", latitude=0, longitude=0).to_proto().device_id == ""


def test_line_items_end_after_start_and_carry_a_timezone() -> None:
    start = datetime(2024, 5, 1, 12, tzinfo=UTC)
    with pytest.raises(ValidationError):
        LineItemCreate(camera_id=uuid.uuid4(), start=start, end=start)
    with pytest.raises(ValidationError):
        LineItemCreate(camera_id=uuid.uuid4(), start=start.replace(tzinfo=None), end=start)
    item = LineItemCreate(camera_id=uuid.uuid4(), start=start, end=start + timedelta(minutes=5))
    message = RequestCreate(incident_number="I-1", line_items=[item]).to_proto()
    assert message.line_items[0].end.ToDatetime(tzinfo=UTC) == start + timedelta(minutes=5)


def test_user_create_rejects_short_passwords_and_superadmin() -> None:
    with pytest.raises(ValidationError):
        UserCreate(email="a@b.org", password="short", display_name="A", roles={"approver"})
    with pytest.raises(ValidationError):
        UserCreate(email="a@b.org", password="x" * 12, display_name="A", roles={"superadmin"})  # type: ignore[arg-type]


def test_production_needs_a_first_admin_password_and_a_real_jwt_secret() -> None:
    with pytest.raises(ValidationError, match="FIRST_ADMIN_PASSWORD"):
        Settings(custody_env="production", jwt_secret=SecretStr("s" * 40))
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(custody_env="production", first_admin_password=SecretStr("p" * 16))
    Settings(
        custody_env="production",
        jwt_secret=SecretStr("s" * 40),
        first_admin_password=SecretStr("p" * 16),
    )
