"""Cameras: what an owner publishes, who may see it, and how it changes over its life."""

from __future__ import annotations

import math
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime

from custody_contracts.principal import ROLE_GUEST, ROLE_SERVICE, Principal
from custody_platform.errors import Conflict, InvalidArgument, PermissionDenied

KINDS = frozenset({"fixed", "ptz", "body_worn", "in_car", "doorbell", "other"})
# registry: every signed-in user; partners: the owner and the listed orgs; private: the owner.
REGISTRY, PARTNERS, PRIVATE = "registry", "partners", "private"
VISIBILITIES = frozenset({REGISTRY, PARTNERS, PRIVATE})
ACTIVE, RETIRED = "active", "retired"
MAX_NAME = 200
MAX_ADDRESS = 500
MAX_CONTACT = 200
MAX_VMS_REF = 200
MAX_CHANNEL = 1024
MAX_RETENTION_DAYS = 3650
MAX_PARTNERS = 100
# Zero-width and bidirectional formatting characters: they hide or reorder what a name shows
# (the same set the gateway's API refuses in names; control characters are refused in all
# text). Checked here, so the JSON API and bulk import share one rule.
_INVISIBLE = frozenset(
    "\u061c\ufeff"
    + "".join(
        chr(c)
        for start, end in ((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069))
        for c in range(start, end + 1)
    )
)


@dataclass(frozen=True)
class CameraSpec:
    """What an org admin asks to publish (or to change a camera into)."""

    name: str
    kind: str
    latitude: float
    longitude: float
    address: str = ""
    device_id: uuid.UUID | None = None
    channel: int = 0
    visibility: str = REGISTRY
    heading: float | None = None
    field_of_view: float | None = None
    contact: str = ""
    retention_days: int = 0
    vms_device_id: uuid.UUID | None = None
    vms_camera_ref: str = ""
    partner_org_ids: tuple[uuid.UUID, ...] = ()
    group_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Camera:
    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    kind: str
    latitude: float
    longitude: float
    address: str
    device_id: uuid.UUID | None
    channel: int
    visibility: str
    status: str
    created_at: datetime
    heading: float | None = None
    field_of_view: float | None = None
    contact: str = ""
    retention_days: int = 0
    vms_device_id: uuid.UUID | None = None
    vms_camera_ref: str = ""
    partner_org_ids: tuple[uuid.UUID, ...] = field(default=())
    group_id: uuid.UUID | None = None
    thumbnail_key: str | None = None
    updated_at: datetime | None = None  # the last change; set with created_at for a new one


def position_problems(latitude: float, longitude: float) -> list[str]:
    problems = []
    if not (math.isfinite(latitude) and -90 <= latitude <= 90):
        problems.append("latitude must be within -90..90")
    if not (math.isfinite(longitude) and -180 <= longitude <= 180):
        problems.append("longitude must be within -180..180")
    return problems


def _text_problems(spec: CameraSpec) -> list[str]:
    problems = []
    if not spec.name.strip() or len(spec.name) > MAX_NAME:
        problems.append(f"name must be 1..{MAX_NAME} characters")
    if len(spec.address) > MAX_ADDRESS:
        problems.append(f"address must be at most {MAX_ADDRESS} characters")
    if len(spec.contact) > MAX_CONTACT:
        problems.append(f"contact must be at most {MAX_CONTACT} characters")
    return problems + _character_problems(spec)


def _character_problems(spec: CameraSpec) -> list[str]:
    texts = {
        "name": spec.name,
        "address": spec.address,
        "contact": spec.contact,
        "vms_camera_ref": spec.vms_camera_ref,
    }
    problems = [
        f"{field} must not contain control characters"
        for field, value in texts.items()
        if any(unicodedata.category(c) == "Cc" for c in value)
    ]
    if any(c in _INVISIBLE for c in spec.name):
        problems.append("name must not contain invisible or direction-changing characters")
    return problems


def _view_problems(spec: CameraSpec) -> list[str]:
    problems = []
    if spec.heading is not None and not (math.isfinite(spec.heading) and 0 <= spec.heading <= 360):
        problems.append("heading must be within 0..360 degrees")
    fov = spec.field_of_view
    if fov is not None and not (math.isfinite(fov) and 0 < fov <= 360):
        problems.append("field_of_view must be within 0..360 degrees (exclusive of 0)")
    if not 0 <= spec.retention_days <= MAX_RETENTION_DAYS:
        problems.append(f"retention_days must be within 0..{MAX_RETENTION_DAYS}")
    return problems


def _binding_problems(spec: CameraSpec) -> list[str]:
    """A camera's video comes from one place: a device channel or a VMS camera, not both."""
    problems = []
    if not 0 <= spec.channel <= MAX_CHANNEL:
        problems.append(f"channel must be within 0..{MAX_CHANNEL}")
    if spec.device_id is None and spec.channel:
        problems.append("channel needs a device_id")
    has_vms = spec.vms_device_id is not None or bool(spec.vms_camera_ref)
    if has_vms and (spec.vms_device_id is None or not spec.vms_camera_ref.strip()):
        problems.append("a VMS binding needs both vms_device_id and vms_camera_ref")
    if has_vms and spec.device_id is not None:
        problems.append("bind the camera to a device channel or to a VMS camera, not both")
    if len(spec.vms_camera_ref) > MAX_VMS_REF:
        problems.append(f"vms_camera_ref must be at most {MAX_VMS_REF} characters")
    return problems


def _visibility_problems(spec: CameraSpec) -> list[str]:
    if spec.visibility not in VISIBILITIES:
        return [f"visibility must be one of {', '.join(sorted(VISIBILITIES))}"]
    if spec.visibility == PARTNERS and not spec.partner_org_ids:
        return ["visibility partners needs at least one partner_org_id"]
    if spec.visibility != PARTNERS and spec.partner_org_ids:
        return ["partner_org_ids are only allowed with visibility partners"]
    if len(spec.partner_org_ids) > MAX_PARTNERS:
        return [f"at most {MAX_PARTNERS} partner_org_ids"]
    return []


def spec_problems(spec: CameraSpec) -> list[str]:
    """Every reason the spec is invalid; empty when it may be published."""
    problems = _text_problems(spec)
    if spec.kind not in KINDS:
        problems.append(f"kind must be one of {', '.join(sorted(KINDS))}")
    problems += position_problems(spec.latitude, spec.longitude)
    problems += _view_problems(spec) + _binding_problems(spec) + _visibility_problems(spec)
    return problems


def require_valid(spec: CameraSpec) -> None:
    """InvalidArgument listing every problem of the spec."""
    if problems := spec_problems(spec):
        raise InvalidArgument("; ".join(problems))


def _clean(spec: CameraSpec) -> dict[str, object]:
    require_valid(spec)
    partners = tuple(dict.fromkeys(spec.partner_org_ids))  # de-duplicated, order kept
    return {
        **vars(spec),
        "name": spec.name.strip(),
        "address": spec.address.strip(),
        "contact": spec.contact.strip(),
        "vms_camera_ref": spec.vms_camera_ref.strip(),
        "partner_org_ids": partners,
    }


def new_camera(spec: CameraSpec, org_id: uuid.UUID, now: datetime) -> Camera:
    """A camera owned by ``org_id``; raises InvalidArgument listing every problem."""
    fields = _clean(spec)
    return Camera(
        id=uuid.uuid4(),
        org_id=org_id,
        status=ACTIVE,
        created_at=now,
        updated_at=now,
        **fields,  # type: ignore[arg-type]
    )


def updated_camera(camera: Camera, spec: CameraSpec, now: datetime) -> Camera:
    """The camera described by ``spec``; a retired camera no longer changes."""
    if camera.status == RETIRED:
        raise Conflict("a retired camera cannot be changed", current_state=RETIRED)
    return replace(camera, **_clean(spec), updated_at=now)  # type: ignore[arg-type]


def retired_camera(camera: Camera, now: datetime) -> Camera:
    if camera.status == RETIRED:
        raise Conflict("the camera is already retired", current_state=RETIRED)
    return replace(camera, status=RETIRED, updated_at=now)


def sees_everything(principal: Principal) -> bool:
    """Other services reading on their own behalf are not limited to published cameras."""
    return principal.has_role(ROLE_SERVICE)


def is_guest(principal: Principal) -> bool:
    """A guest carries the inviting organization's id but is no member of it: it sees what an
    outside investigator invited by that org would (its shared cameras and the public
    registry), never the org's private cameras, and changes nothing."""
    return principal.has_role(ROLE_GUEST) and not principal.has_role(ROLE_SERVICE)


def require_member(principal: Principal) -> None:
    if is_guest(principal):
        raise PermissionDenied("a guest may not read or change the organization's registry")


@dataclass(frozen=True)
class Viewer:
    """Whose eyes a search looks through."""

    org_id: uuid.UUID
    guest: bool = False


def viewer_of(principal: Principal) -> Viewer | None:
    """None: sees every camera."""
    if sees_everything(principal):
        return None
    return Viewer(principal.org_id, is_guest(principal))


def can_see(camera: Camera, principal: Principal) -> bool:
    if sees_everything(principal):
        return True
    if is_guest(principal):
        shared = camera.org_id == principal.org_id and camera.visibility == PARTNERS
        return shared or camera.visibility == REGISTRY
    if camera.org_id == principal.org_id:
        return True
    if camera.visibility == PARTNERS:
        return principal.org_id in camera.partner_org_ids
    return camera.visibility == REGISTRY
