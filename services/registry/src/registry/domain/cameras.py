"""Cameras: what an owner publishes, who may see it, and how a radius search is bounded."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime

from custody_contracts.principal import ROLE_SERVICE, Principal
from custody_platform.errors import InvalidArgument

KINDS = frozenset({"fixed", "ptz", "body_worn", "in_car", "doorbell", "other"})
VISIBILITIES = frozenset({"registry", "private"})  # private: the owner organization only
ACTIVE, RETIRED = "active", "retired"
MAX_NAME = 200
MAX_ADDRESS = 500
MIN_RADIUS_M, MAX_RADIUS_M = 1.0, 50_000.0
DEFAULT_LIMIT, MAX_LIMIT = 50, 500


@dataclass(frozen=True)
class CameraSpec:
    """What an org admin asks to publish."""

    name: str
    kind: str
    latitude: float
    longitude: float
    address: str = ""
    device_id: uuid.UUID | None = None
    channel: int = 0
    visibility: str = "registry"


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


def position_problems(latitude: float, longitude: float) -> list[str]:
    problems = []
    if not (math.isfinite(latitude) and -90 <= latitude <= 90):
        problems.append("latitude must be within -90..90")
    if not (math.isfinite(longitude) and -180 <= longitude <= 180):
        problems.append("longitude must be within -180..180")
    return problems


def spec_problems(spec: CameraSpec) -> list[str]:
    """Every reason the spec is invalid; empty when it may be published."""
    problems = []
    if not spec.name.strip() or len(spec.name) > MAX_NAME:
        problems.append(f"name must be 1..{MAX_NAME} characters")
    if spec.kind not in KINDS:
        problems.append(f"kind must be one of {', '.join(sorted(KINDS))}")
    problems += position_problems(spec.latitude, spec.longitude)
    if len(spec.address) > MAX_ADDRESS:
        problems.append(f"address must be at most {MAX_ADDRESS} characters")
    if spec.channel < 0:
        problems.append("channel must not be negative")
    if spec.visibility not in VISIBILITIES:
        problems.append(f"visibility must be one of {', '.join(sorted(VISIBILITIES))}")
    return problems


def new_camera(spec: CameraSpec, org_id: uuid.UUID, now: datetime) -> Camera:
    """A camera owned by ``org_id``; raises InvalidArgument listing every problem."""
    if problems := spec_problems(spec):
        raise InvalidArgument("; ".join(problems))
    fields = {**vars(spec), "name": spec.name.strip(), "address": spec.address.strip()}
    return Camera(id=uuid.uuid4(), org_id=org_id, status=ACTIVE, created_at=now, **fields)


def sees_everything(principal: Principal) -> bool:
    """Other services reading on their own behalf are not limited to published cameras."""
    return principal.has_role(ROLE_SERVICE)


def can_see(camera: Camera, principal: Principal) -> bool:
    if sees_everything(principal) or camera.org_id == principal.org_id:
        return True
    return camera.visibility == "registry"


@dataclass(frozen=True)
class SearchQuery:
    latitude: float
    longitude: float
    radius_m: float
    limit: int


def search_query(latitude: float, longitude: float, radius_m: float, limit: int) -> SearchQuery:
    """A validated query; ``limit`` 0 means the default."""
    problems = position_problems(latitude, longitude)
    if not (math.isfinite(radius_m) and MIN_RADIUS_M <= radius_m <= MAX_RADIUS_M):
        problems.append(f"radius_m must be within {MIN_RADIUS_M:g}..{MAX_RADIUS_M:g}")
    if not 0 <= limit <= MAX_LIMIT:
        problems.append(f"limit must be within 0..{MAX_LIMIT}")
    if problems:
        raise InvalidArgument("; ".join(problems))
    return SearchQuery(latitude, longitude, radius_m, limit or DEFAULT_LIMIT)


@dataclass(frozen=True)
class CameraHit:
    camera: Camera
    distance_m: float
