"""CSV and GeoJSON parsing: line numbers and reasons for every bad row."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from registry.domain.bulk import parse, to_csv, to_geojson
from registry.domain.cameras import CameraSpec, new_camera

pytestmark = pytest.mark.unit

HEADER = "name,kind,latitude,longitude,partner_org_ids,visibility\n"
PARTNER = uuid.uuid4()


def problems(fmt: str, text: str) -> list[tuple[int, str]]:
    return [(p.line, p.reason) for p in parse(fmt, text.encode())[1]]


def test_csv_rows_become_specs() -> None:
    text = HEADER + f'"Gate, north",fixed,45.5,-73.5,{PARTNER},partners\n'
    [row], found = parse("csv", text.encode())
    assert found == [] and row.line == 2
    assert (row.spec.name, row.spec.partner_org_ids) == ("Gate, north", (PARTNER,))


def test_csv_problems_name_their_line() -> None:
    text = (
        HEADER + 'A,fixed,1,1,,\n"multi\nline",fixed,91,1,,\nC,fixed,1,x,,\nD,fixed,1,1,,,extra\n'
    )
    assert problems("csv", text) == [
        # a quoted newline: the row starts on 3, ends on 4 (and a name is one line)
        (3, "name must not contain control characters"),
        (3, "latitude must be within -90..90"),
        (5, "longitude must be a number"),
        (6, "more cells than columns"),
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("name,kind\nA,fixed\n", "missing columns: latitude, longitude"),
        ("name,kind,latitude,longitude,colour\n", "unknown columns: colour"),
        (HEADER + 'A,"fixed,1,1,,\n', "malformed CSV"),
    ],
)
def test_malformed_csv(text: str, reason: str) -> None:
    [(_, found)] = problems("csv", text)
    assert found.startswith(reason)


BIDI_NAME = "Gate \u202eexe.gpj"  # shows as "Gate jpg.exe"


def test_hidden_characters_are_refused_on_their_line_in_both_formats() -> None:
    """The same rule as the JSON API (the registry's spec check): control characters in any
    text, and zero-width or direction-changing ones in a name."""
    csv_text = (
        HEADER
        + "Fine,fixed,1,1,,\n"
        + "Lob\x00by,fixed,1,1,,\n"
        + f"{BIDI_NAME},fixed,1,1,,\n"
        + "Zero\u200bwidth,fixed,1,1,,\n"
        + "Esc\x1b,fixed,1,1,,\n"
    )
    assert problems("csv", csv_text) == [
        (3, "name must not contain control characters"),
        (4, "name must not contain invisible or direction-changing characters"),
        (5, "name must not contain invisible or direction-changing characters"),
        (6, "name must not contain control characters"),
    ]

    def feature(name: str, **more: str) -> dict[str, object]:
        point = {"type": "Point", "coordinates": [1, 1]}
        properties = {"name": name, "kind": "fixed", **more}
        return {"type": "Feature", "geometry": point, "properties": properties}

    features = [feature("Fine"), feature(BIDI_NAME), feature("Nul", address="1 Main\u0000")]
    document = json.dumps({"type": "FeatureCollection", "features": features})
    assert problems("geojson", document) == [
        (2, "name must not contain invisible or direction-changing characters"),
        (3, "address must not contain control characters"),
    ]


def test_not_utf8_and_not_geojson() -> None:
    assert parse("csv", b"\xff\xfe\x00bad")[1][0].reason == "the file is not UTF-8 text"
    assert problems("geojson", "{")[0][1].startswith("malformed JSON")
    assert problems("geojson", '{"type": "Feature"}') == [
        (1, "expected a GeoJSON FeatureCollection")
    ]


def test_geojson_features_are_numbered() -> None:
    point = {"type": "Point", "coordinates": [-73.5, 45.5]}
    features = [
        {"type": "Feature", "geometry": point, "properties": {"name": "A", "kind": "fixed"}},
        {"type": "Feature", "geometry": {"type": "Polygon"}, "properties": {}},
        {"type": "Feature", "geometry": point, "properties": {"name": "C", "kind": "x"}},
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features})
    rows, found = parse("geojson", text.encode())
    assert [r.line for r in rows] == [1]
    assert [(p.line, p.reason.split(" ")[0]) for p in found] == [(2, "geometry"), (3, "kind")]


def test_exports_parse_back_to_the_same_cameras() -> None:
    spec = CameraSpec(
        "Gate", "ptz", 45.5, -73.5, heading=10.0, visibility="partners", partner_org_ids=(PARTNER,)
    )
    camera = new_camera(spec, uuid.uuid4(), datetime.now(UTC))
    for fmt, data in (("csv", to_csv([camera])), ("geojson", to_geojson([camera]))):
        [row], found = parse(fmt, data)
        assert found == [] and row.spec == spec


def test_the_csv_export_defuses_formulas_and_imports_back_unchanged() -> None:
    spec = CameraSpec('=HYPERLINK("http://x")', "fixed", 45.5, -73.5, address="@home")
    camera = new_camera(spec, uuid.uuid4(), datetime.now(UTC))
    data = to_csv([camera])
    assert b"'=HYPERLINK" in data and b"'@home" in data and b",-73.5," in data
    [row], found = parse("csv", data)
    assert found == [] and row.spec == spec
