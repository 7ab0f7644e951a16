"""Provenance of delivered exports (decision 0036): what an evidence item says of its source
camera, and what a case created for a request says of the incident. Pure."""

from __future__ import annotations

import uuid
from typing import Any

from custody_contracts.events.device_gateway import ExportContext

MAX_TEXT = 10_000


def item_source(export: ExportContext, device_id: uuid.UUID) -> dict[str, Any]:
    """The source camera, device, channel and position an export's item carries."""
    found = export.provenance
    return {
        "camera_id": export.camera_id,
        "device_id": device_id,
        "channel": export.channel,
        "camera_name": (found.camera_name[:200] or None) if found else None,
        "latitude": found.camera_latitude if found else None,
        "longitude": found.camera_longitude if found else None,
    }


def case_incident(export: ExportContext) -> dict[str, Any]:
    """The incident details a case created for a request takes from it (only those given)."""
    found = export.provenance
    if found is None:
        return {}
    values: dict[str, Any] = {
        "incident_type": found.incident_type[:200],
        "incident_at": found.incident_at,
        "description": found.description[:MAX_TEXT],
        "incident_location": location(found.incident_latitude, found.incident_longitude),
    }
    return {name: value for name, value in values.items() if value}


def location(latitude: float | None, longitude: float | None) -> str:
    """A position as text, "51.500730, -0.124625"; "" when unknown."""
    if latitude is None or longitude is None:
        return ""
    return f"{latitude:.6f}, {longitude:.6f}"
