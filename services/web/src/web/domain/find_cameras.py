"""The investigator's "Find cameras" page as it needs the gateway's answers: the search as
typed, the cameras found (nearest first, with their owner's card), and the map's view."""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from web.domain.views import ApiModel, Problem

KINDS = {
    "fixed": "Fixed camera",
    "ptz": "Pan-tilt-zoom camera",
    "body_worn": "Body-worn camera",
    "in_car": "In-car camera",
    "doorbell": "Doorbell camera",
    "other": "Other camera",
}
MIN_RADIUS_M, MAX_RADIUS_M, DEFAULT_RADIUS_M = 1, 50_000, 500
PAGE = 100  # cameras listed at once, nearest first


@dataclass(frozen=True)
class MapTiles:
    url: str  # a Leaflet URL template: {z}/{x}/{y}, optionally {s}
    attribution: str  # HTML, as the tile server's licence asks (a setting, not user input)


class OwnerContact(ApiModel):
    name: str = ""
    email: str = ""
    phone: str = ""

    @property
    def given(self) -> bool:
        return bool(self.name or self.email or self.phone)


class CameraFound(ApiModel):
    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    kind: str
    latitude: float
    longitude: float
    address: str = ""
    has_thumbnail: bool = False
    distance_m: float | None = None
    owner_name: str = ""
    owner_contact: OwnerContact = OwnerContact()

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind.replace("_", " ").capitalize())

    @property
    def distance(self) -> str:
        if self.distance_m is None:
            return ""
        if self.distance_m < 1000:
            return f"{self.distance_m:.0f} m"
        return f"{self.distance_m / 1000:.1f} km"


class CamerasFound(ApiModel):
    items: list[CameraFound]
    next_cursor: str | None = None


class OrgCard(ApiModel):
    id: uuid.UUID
    name: str


class OrgCards(ApiModel):
    items: list[OrgCard]


@dataclass(frozen=True)
class Search:
    """The search form as typed: text, so a refused value is shown back as it was."""

    latitude: str = ""
    longitude: str = ""
    radius_m: str = str(DEFAULT_RADIUS_M)
    kind: str = ""
    owner: str = ""  # an organization's name, looked up in the directory
    text: str = ""

    @staticmethod
    def read(params: Mapping[str, str]) -> Search:
        fields = ("latitude", "longitude", "radius_m", "kind", "owner", "text")
        typed = {name: str(params.get(name, "")).strip() for name in fields}
        return Search(**{**typed, "radius_m": typed["radius_m"] or str(DEFAULT_RADIUS_M)})

    @property
    def asked(self) -> bool:
        """A search was made (a point given), not just the page opened."""
        return bool(self.latitude or self.longitude)

    def problems(self) -> dict[str, str]:
        errors = {}
        for name, label, limit in (("latitude", "Latitude", 90), ("longitude", "Longitude", 180)):
            value = _number(getattr(self, name))
            if value is None or not -limit <= value <= limit:
                errors[name] = f"{label} must be a number from -{limit} to {limit}"
        radius = _number(self.radius_m)
        if radius is None or not MIN_RADIUS_M <= radius <= MAX_RADIUS_M:
            errors["radius_m"] = (
                f"Radius must be a number of metres from {MIN_RADIUS_M} to {MAX_RADIUS_M:,}"
            )
        if self.kind and self.kind not in KINDS:
            errors["kind"] = "Choose a kind of camera from the list"
        return errors

    def params(self, owner_org_id: uuid.UUID | None) -> dict[str, Any]:
        """The gateway's search parameters (call once problems() is empty)."""
        return {
            "latitude": float(self.latitude),
            "longitude": float(self.longitude),
            "radius_m": float(self.radius_m),
            "kind": self.kind,
            "owner_org_id": str(owner_org_id) if owner_org_id else "",
            "text": self.text,
            "limit": PAGE,
        }


def owner_named(name: str, found: OrgCards) -> tuple[uuid.UUID | None, str]:
    """The organization a typed owner name means: the one of exactly that name, else the only
    one holding it; else why not (an error for the owner field)."""
    exact = [org for org in found.items if org.name.casefold() == name.casefold()]
    if len(exact) == 1:
        return exact[0].id, ""
    if len(found.items) == 1:
        return found.items[0].id, ""
    if not found.items:
        return None, "No organization has this name"
    return None, "More than one organization has this name: type more of it"


def api_errors(problem: Problem) -> dict[str, str]:
    """The gateway's refusal at the field it is about (its words, as a sentence)."""
    detail = " ".join(str(e.get("loc", "")) + str(e.get("msg", "")) for e in problem.errors)
    words = (detail or problem.message).lower()
    for name in ("radius_m", "latitude", "longitude", "kind", "text", "owner"):
        if name.split("_")[0] in words:
            return {name: problem.message}
    return {"latitude": problem.message}


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class MapCell(ApiModel):
    count: int
    latitude: float
    longitude: float
    bounds: dict[str, float]


class MapAnswer(ApiModel):
    cameras: list[CameraFound]
    cells: list[MapCell]
    count: int

    def for_browser(self) -> dict[str, Any]:
        """What the map draws, and no more: each camera's place, name, kind and owner."""
        cameras = [
            {
                "id": str(c.id),
                "name": c.name,
                "kind": c.kind_label,
                "lat": c.latitude,
                "lon": c.longitude,
                "owner": c.owner_name,
            }
            for c in self.cameras
        ]
        cells = [
            {"count": c.count, "lat": c.latitude, "lon": c.longitude, "bounds": c.bounds}
            for c in self.cells
        ]
        return {"cameras": cameras, "cells": cells, "count": self.count}
