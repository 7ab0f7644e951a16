"""Bulk import and export of cameras as CSV or GeoJSON.

Parsing reports every bad row with its line (CSV: the line in the file, header = 1; GeoJSON:
the feature's position, first = 1) and the reason, so one dry run shows everything to fix.
"""

from __future__ import annotations

import csv
import io
import json
import math
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from custody_platform.csv_export import csv_document, read_cell
from custody_platform.errors import InvalidArgument

from registry.domain.cameras import Camera, CameraSpec, spec_problems

MAX_BYTES = 3 * 1024 * 1024
MAX_ROWS = 10_000
REQUIRED = ("name", "kind", "latitude", "longitude")
COLUMNS = (
    *REQUIRED,
    "address",
    "heading",
    "field_of_view",
    "contact",
    "retention_days",
    "device_id",
    "channel",
    "vms_device_id",
    "vms_camera_ref",
    "visibility",
    "partner_org_ids",  # separated by ";"
    "group_id",
)
EXPORT_COLUMNS = ("id", "status", *COLUMNS)  # an export imports again: id and status ignored


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class ParsedRow:
    line: int
    spec: CameraSpec


def parse(fmt: str, data: bytes) -> tuple[list[ParsedRow], list[RowProblem]]:
    """Every valid row and every problem; a file-level problem is reported on line 1."""
    if len(data) > MAX_BYTES:
        raise InvalidArgument(f"the file exceeds {MAX_BYTES} bytes")
    if fmt not in ("csv", "geojson"):
        raise InvalidArgument("format must be csv or geojson")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowProblem(1, "the file is not UTF-8 text")]
    records = _csv_records(text) if fmt == "csv" else _geojson_records(text)
    rows: list[ParsedRow] = []
    problems: list[RowProblem] = []
    for line, record in records:
        if isinstance(record, str):
            problems.append(RowProblem(line, record))
        elif len(rows) + len(problems) >= MAX_ROWS:
            return rows, [*problems, RowProblem(line, f"more than {MAX_ROWS} rows")]
        else:
            spec, why = _spec(record)
            rows += [ParsedRow(line, spec)] if spec else []
            problems += [RowProblem(line, reason) for reason in why]
    return rows, problems


Record = tuple[int, Mapping[str, Any] | str]  # (line, fields) or (line, reason)


def _csv_records(text: str) -> Iterator[Record]:
    """Rows as dicts, each numbered by the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        header = [name.strip() for name in next(reader, [])]
        if missing := [c for c in REQUIRED if c not in header]:
            yield 1, f"missing columns: {', '.join(missing)}"
            return
        if unknown := [c for c in header if c not in EXPORT_COLUMNS]:
            yield 1, f"unknown columns: {', '.join(unknown)}"
            return
        for start, cells in _numbered(reader):
            if len(cells) > len(header):
                yield start, "more cells than columns"
            else:
                yield start, dict(zip(header, map(read_cell, cells), strict=False))
    except csv.Error as error:
        yield reader.line_num, f"malformed CSV: {error}"


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    while True:
        start = reader.line_num + 1
        cells = next(reader, None)
        if cells is None:
            return
        if cells:  # blank lines are skipped
            yield start, cells


def _geojson_records(text: str) -> Iterator[Record]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        yield 1, f"malformed JSON at line {error.lineno}: {error.msg}"
        return
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        yield 1, "expected a GeoJSON FeatureCollection"
        return
    for index, feature in enumerate(document.get("features") or [], start=1):
        yield index, _feature_fields(feature)


def _feature_fields(feature: Any) -> Mapping[str, Any] | str:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return "not a GeoJSON Feature"
    geometry, properties = feature.get("geometry") or {}, feature.get("properties") or {}
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if geometry.get("type") != "Point" or not isinstance(coordinates, list) or len(coordinates) < 2:
        return "geometry must be a Point [longitude, latitude]"
    if not isinstance(properties, dict):
        return "properties must be an object"
    if unknown := sorted(set(properties) - set(EXPORT_COLUMNS)):
        return f"unknown properties: {', '.join(unknown)}"
    return {**properties, "longitude": coordinates[0], "latitude": coordinates[1]}


def _spec(record: Mapping[str, Any]) -> tuple[CameraSpec | None, list[str]]:
    reader = _Fields(record)
    spec = CameraSpec(
        name=reader.text("name"),
        kind=reader.text("kind"),
        latitude=reader.number("latitude", math.nan),
        longitude=reader.number("longitude", math.nan),
        address=reader.text("address"),
        heading=reader.optional_number("heading"),
        field_of_view=reader.optional_number("field_of_view"),
        contact=reader.text("contact"),
        retention_days=int(reader.number("retention_days", 0, whole=True)),
        device_id=reader.an_id("device_id"),
        channel=int(reader.number("channel", 0, whole=True)),
        vms_device_id=reader.an_id("vms_device_id"),
        vms_camera_ref=reader.text("vms_camera_ref"),
        visibility=reader.text("visibility") or "registry",
        partner_org_ids=reader.ids("partner_org_ids"),
        group_id=reader.an_id("group_id"),
    )
    problems = reader.problems or spec_problems(spec)
    return (None if problems else spec), problems


class _Fields:
    """Reads typed values out of one row, collecting a problem per unreadable field."""

    def __init__(self, record: Mapping[str, Any]) -> None:
        self._record = record
        self.problems: list[str] = []

    def _raw(self, name: str) -> Any:
        value = self._record.get(name)
        return value.strip() if isinstance(value, str) else value

    def text(self, name: str) -> str:
        value = self._raw(name)
        return "" if value is None else str(value)

    def optional_number(self, name: str) -> float | None:
        return None if self._raw(name) in (None, "") else self.number(name, 0.0)

    def number(self, name: str, default: float, *, whole: bool = False) -> float:
        value = self._raw(name)
        if value in (None, ""):
            return default
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if isinstance(value, bool) or not math.isfinite(number) or (whole and number % 1):
            self.problems.append(f"{name} must be {'a whole number' if whole else 'a number'}")
            return default
        return number

    def an_id(self, name: str) -> uuid.UUID | None:
        value = self._raw(name)
        if value in (None, ""):
            return None
        try:
            return uuid.UUID(str(value))
        except ValueError:
            self.problems.append(f"{name} must be a UUID")
            return None

    def ids(self, name: str) -> tuple[uuid.UUID, ...]:
        value = self._raw(name)
        parts = value if isinstance(value, list) else str(value or "").split(";")
        found = [self.uuid_of(name, str(p).strip()) for p in parts if str(p).strip()]
        return tuple(u for u in found if u)

    def uuid_of(self, name: str, value: str) -> uuid.UUID | None:
        try:
            return uuid.UUID(value)
        except ValueError:
            self.problems.append(f"{name} must list UUIDs")
            return None


def _export_fields(camera: Camera) -> dict[str, Any]:
    fields = {name: getattr(camera, name) for name in EXPORT_COLUMNS}
    fields["partner_org_ids"] = ";".join(str(org) for org in camera.partner_org_ids)
    return {
        k: ("" if v is None else str(v) if isinstance(v, uuid.UUID) else v)
        for k, v in fields.items()
    }


def to_csv(cameras: list[Camera]) -> bytes:
    rows = (_export_fields(c).values() for c in cameras)
    return csv_document(EXPORT_COLUMNS, rows).encode()


def to_geojson(cameras: list[Camera]) -> bytes:
    features = []
    for camera in cameras:
        properties = _export_fields(camera)
        lon, lat = properties.pop("longitude"), properties.pop("latitude")
        properties["partner_org_ids"] = [str(org) for org in camera.partner_org_ids]
        point = {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "geometry": point, "properties": properties})
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()
