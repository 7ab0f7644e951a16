"""Bulk camera import as the owner admin sees it: which file format a file is, the columns
explained with an example, and the registry's dry-run report as rows of (line, field, reason).

The registry checks every row (all or nothing); the page only reads its report. A checked
file waits in the browser's server-side session until it is imported or replaced, and the
import itself is checked again by the API, so nothing the browser sends back is trusted.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from web.domain.views import ApiModel, Problem

# The gateway refuses more (its camera file cap); stopping here spares the round trip.
MAX_FILE_BYTES = 3 * 1024 * 1024
FORMATS = {".csv": "csv", ".geojson": "geojson", ".json": "geojson"}
SESSION_KEY = "camera_import"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: str


# The registry's columns (registry/domain/bulk.py), said for people.
COLUMNS = (
    Column("name", True, "What people call the camera, for example “Loading dock”"),
    Column("kind", True, "fixed, ptz, body_worn, in_car, doorbell or other"),
    Column("latitude", True, "Decimal degrees, -90 to 90 (WGS 84)"),
    Column("longitude", True, "Decimal degrees, -180 to 180"),
    Column("address", False, "Street address shown to requesters"),
    Column("heading", False, "Where it points, 0 to 360 degrees from north"),
    Column("field_of_view", False, "How wide it sees, in degrees (more than 0, up to 360)"),
    Column("contact", False, "Who to call about this camera"),
    Column("retention_days", False, "How many days the recorder keeps video"),
    Column("device_id", False, "The id of one of your devices that records it"),
    Column("channel", False, "The device's channel for this camera (with device_id)"),
    Column("vms_device_id", False, "The id of your VMS connector device (with vms_camera_ref)"),
    Column("vms_camera_ref", False, "The camera's name or id in your VMS"),
    Column("visibility", False, "registry (the default), partners or private"),
    Column("partner_org_ids", False, "With partners: organization ids, separated by ;"),
    Column("group_id", False, "The id of one of your camera groups"),
)
COLUMN_NAMES = frozenset(c.name for c in COLUMNS)
EXAMPLE_ROWS = (
    ("Loading dock", "fixed", "45.5029", "-73.5666", "1 Harbor Way", "90", "70"),
    ("Front gate", "ptz", "45.5031", "-73.5660", "3 Harbor Way", "", ""),
)
EXAMPLE_COLUMNS = ("name", "kind", "latitude", "longitude", "address", "heading", "field_of_view")


def example_csv() -> str:
    lines = [",".join(EXAMPLE_COLUMNS), *(",".join(row) for row in EXAMPLE_ROWS)]
    return "\r\n".join(lines) + "\r\n"


def example_geojson() -> str:
    features = []
    for row in EXAMPLE_ROWS:
        props: dict[str, Any] = dict(zip(EXAMPLE_COLUMNS, row, strict=True))
        point = [float(props.pop("longitude")), float(props.pop("latitude"))]
        props = {
            k: float(v) if k in ("heading", "field_of_view") else v for k, v in props.items() if v
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": point},
                "properties": props,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, indent=2) + "\n"


def file_format(filename: str) -> str | None:
    """csv or geojson, from the file's name; None for anything else."""
    dot = filename.rfind(".")
    return FORMATS.get(filename[dot:].lower()) if dot >= 0 else None


class RowProblem(ApiModel):
    line: int
    reason: str


class ImportReport(ApiModel):
    """The API's answer to an import (a dry run: what is wrong, and how many rows are good)."""

    dry_run: bool = True
    valid_rows: int = 0
    problems: list[RowProblem] = []
    camera_ids: list[uuid.UUID] = []

    @classmethod
    def refused(cls, problem: Problem, valid_rows: int) -> ImportReport:
        """A real import the API refused (422 `errors`: the rows that went bad since)."""
        rows = [RowProblem.model_validate(e) for e in problem.errors if "line" in e]
        return cls(dry_run=False, valid_rows=valid_rows, problems=rows)


@dataclass(frozen=True)
class ReportRow:
    line: int
    field: str  # the column the reason names, "" when it names none
    reason: str


def report_rows(report: ImportReport) -> list[ReportRow]:
    """Each problem with the column it is about: the registry starts a reason with the
    column's name (`latitude must be within -90..90`)."""
    return [ReportRow(p.line, _column_of(p.reason), _sentence(p.reason)) for p in report.problems]


def _column_of(reason: str) -> str:
    first = reason.split(" ", 1)[0].rstrip(":,")
    return first if first in COLUMN_NAMES else ""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class PendingImport:
    """A checked file waiting in the session for "Import": `id` ties the page the admin saw
    to this file, so an older tab cannot import a file that has been replaced since."""

    filename: str
    format: str
    data: bytes
    report: ImportReport
    id: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    @property
    def importable(self) -> bool:
        return not self.report.problems and self.report.valid_rows > 0
