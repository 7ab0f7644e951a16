"""Request records: the query string becomes the ListRequests filter; CSV cells are safe."""

from __future__ import annotations

import csv
import uuid
from datetime import UTC, datetime

import pytest
from custody_contracts.grpc import requests_pb2
from custody_platform.csv_export import csv_line
from gateway.entrypoints.api.schemas.request_records import CSV_COLUMNS, RequestQuery, csv_rows
from pydantic import ValidationError

pytestmark = pytest.mark.unit


def test_query_maps_only_the_filters_given() -> None:
    camera = uuid.uuid4()
    since = datetime(2024, 5, 1, tzinfo=UTC)
    message = RequestQuery(camera_id=camera, created_from=since, q="mall").to_proto()
    assert (message.camera_id, message.text, message.limit) == (str(camera), "mall", 50)
    assert message.created_from.ToDatetime(tzinfo=UTC) == since
    assert not message.HasField("created_to") and message.owner_org_id == ""
    assert RequestQuery().to_proto(limit=500, offset=1000).offset == 1000
    with pytest.raises(ValidationError):
        RequestQuery(limit=0)
    with pytest.raises(ValidationError):
        RequestQuery(created_from=datetime(2024, 5, 1))  # naive: ambiguous


def test_csv_has_one_row_per_line_item_and_defuses_formulas() -> None:
    request = requests_pb2.VideoRequest(
        id=str(uuid.uuid4()),
        incident_number='=HYPERLINK("http://evil")',
        status="submitted",
        line_items=[
            requests_pb2.LineItem(id=str(uuid.uuid4()), status="submitted", reason="-1"),
            requests_pb2.LineItem(id=str(uuid.uuid4()), status="rejected", reason="ok"),
        ],
    )
    rows = [next(csv.reader([csv_line(row)])) for row in csv_rows(request)]
    assert len(rows) == 2 and all(len(row) == len(CSV_COLUMNS) for row in rows)
    number, reason = CSV_COLUMNS.index("incident_number"), CSV_COLUMNS.index("reason")
    assert rows[0][number].startswith("'=")  # the platform's one formula-safe writer
    assert (rows[0][reason], rows[1][reason]) == ("-1", "ok")  # a number stays a number
