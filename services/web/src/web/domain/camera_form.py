"""The camera form as typed: every field the API takes, kept as text so a refused form shows
it again; numbers are checked to be numbers here, their ranges by the API, whose refusal is
put at the field it names."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, fields
from typing import Any

from web.domain.cameras_admin import OwnCamera
from web.domain.requests_forms import sentence
from web.domain.views import Problem

TEXTS = ("name", "kind", "address", "contact", "visibility", "vms_camera_ref")
IDS = ("device_id", "vms_device_id", "group_id")
REALS = ("latitude", "longitude", "heading", "field_of_view")
WHOLES = ("retention_days", "channel")
REQUIRED = {"name": "Enter the camera's name", "latitude": "Enter the latitude, like 45.5017"}
REQUIRED |= {"longitude": "Enter the longitude, like -73.5673"}
# The API's words for a field that is not spelled like it (`partner_org_ids`: the names box).
ALIASES = {"partner_org_id": "partners"}


@dataclass
class CameraForm:
    name: str = ""
    kind: str = "fixed"
    latitude: str = ""
    longitude: str = ""
    address: str = ""
    heading: str = ""
    field_of_view: str = ""
    contact: str = ""
    retention_days: str = ""
    visibility: str = "registry"
    partners: str = ""  # organization names, one a line
    group_id: str = ""
    device_id: str = ""
    channel: str = ""
    vms_device_id: str = ""
    vms_camera_ref: str = ""

    @classmethod
    def read(cls, form: Any) -> CameraForm:
        return cls(**{f.name: str(form.get(f.name) or "").strip() for f in fields(cls)})

    @classmethod
    def of(cls, camera: OwnCamera, partner_names: list[str]) -> CameraForm:
        def text(value: Any) -> str:
            if isinstance(value, float):  # six decimals: about 10 cm, as the map places it
                return f"{value:.6f}".rstrip("0").rstrip(".")
            return "" if value is None else str(value)

        typed = {name: text(getattr(camera, name)) for name in TEXTS + IDS + REALS + WHOLES}
        typed["channel"] = "" if not camera.channel else typed["channel"]
        typed["retention_days"] = "" if not camera.retention_days else typed["retention_days"]
        return cls(**typed, partners="\n".join(partner_names))

    @property
    def partner_names(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def problems(self) -> dict[str, str]:
        """What must be fixed before the API is asked: missing or unreadable values."""
        errors = {name: message for name, message in REQUIRED.items() if not getattr(self, name)}
        for name in REALS:
            if name not in errors and getattr(self, name) and _real(getattr(self, name)) is None:
                errors[name] = "Enter a number, like 45.5017 (a point, not a comma)"
        for name in WHOLES:
            if getattr(self, name) and not getattr(self, name).isdigit():
                errors[name] = "Enter a whole number, like 30"
        for name in IDS:
            if getattr(self, name) and not _is_uuid(getattr(self, name)):
                errors[name] = "Choose one from the list"
        return errors

    def body(self, partner_ids: list[uuid.UUID]) -> dict[str, Any]:
        """The API's JSON; call once problems() is empty."""
        body: dict[str, Any] = {name: getattr(self, name) for name in TEXTS}
        body |= {name: getattr(self, name) or None for name in IDS}
        body |= {name: _real(getattr(self, name)) for name in REALS}
        body |= {name: int(getattr(self, name) or 0) for name in WHOLES}
        return body | {"partner_org_ids": [str(org) for org in partner_ids]}


def _real(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def form_errors(problem: Problem) -> dict[str, str]:
    """The API's refusal at the fields it names: a 422's locations, or each of the registry's
    "; "-separated reasons at the field it starts with ("latitude must be within -90..90")."""
    names = [f.name for f in fields(CameraForm)]
    located = [(_location(e.get("loc", [])), str(e.get("msg", ""))) for e in problem.errors]
    reasons = located or [("", part) for part in problem.message.split("; ")]
    errors: dict[str, str] = {}
    for where, message in reasons:
        name = _field_named(where or message, names)
        text = sentence(message.removeprefix("Value error, "))
        errors[name] = f"{errors[name]}. {text}" if name in errors else text
    return errors


def _location(loc: list[Any]) -> str:
    """``["body", "partner_org_ids", 0]`` -> ``partner_org_ids``."""
    return str(loc[1]) if len(loc) > 1 else str(loc[-1]) if loc else ""


def _field_named(text: str, names: list[str]) -> str:
    """The field a reason starts with, else the first one it names, else the name's."""
    lowered = text.lower()
    words = names + list(ALIASES)
    if starts := [w for w in words if lowered.startswith(w)]:
        return ALIASES.get(max(starts, key=len), max(starts, key=len))
    named = sorted((lowered.find(w), -len(w), w) for w in words if w in lowered)
    if named:
        return ALIASES.get(named[0][2], named[0][2])
    return "device_id" if "device" in lowered else "name"
