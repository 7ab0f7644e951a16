from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from custody_contracts.grpc import requests_pb2
from custody_platform.errors import InvalidArgument
from google.protobuf.timestamp_pb2 import Timestamp
from video_requests.adapters.orm import LineItem, VideoRequest
from video_requests.entrypoints.mappers import (
    decide_command,
    request_filter,
    request_message,
    submit_command,
)
from video_requests.service_layer.ports import RequestView

pytestmark = pytest.mark.unit

START = datetime(2024, 5, 1, 10, tzinfo=UTC)
END = datetime(2024, 5, 1, 11, tzinfo=UTC)


def _stamp(value: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def test_submit_command_reads_aware_timestamps() -> None:
    camera = uuid.uuid4()
    message = requests_pb2.SubmitRequestRequest(
        incident_number="INC-7",
        line_items=[
            requests_pb2.LineItemInput(camera_id=str(camera), start=_stamp(START), end=_stamp(END))
        ],
    )
    (item,) = submit_command(message).line_items
    assert (item.camera_id, item.start, item.end) == (camera, START, END)


def test_missing_times_and_bad_ids_are_invalid() -> None:
    no_end = requests_pb2.LineItemInput(camera_id=str(uuid.uuid4()), start=_stamp(START))
    with pytest.raises(InvalidArgument, match=r"line_items\[0\]"):
        submit_command(requests_pb2.SubmitRequestRequest(line_items=[no_end]))
    with pytest.raises(InvalidArgument, match="request_id"):
        decide_command(requests_pb2.DecideLineItemRequest(request_id="x", line_item_id="y"))


def test_request_message_round_trips_times_and_optional_ids() -> None:
    request = VideoRequest(
        id=uuid.uuid4(),
        requester_org_id=uuid.uuid4(),
        requester_user_id=uuid.uuid4(),
        incident_number="INC-7",
        description="",
        status="submitted",
        created_at=END,
    )
    item = LineItem(
        id=uuid.uuid4(),
        request_id=request.id,
        position=0,
        camera_id=uuid.uuid4(),
        owner_org_id=uuid.uuid4(),
        device_id=uuid.uuid4(),
        channel=1,
        start=START,
        end=END,
        status="submitted",
        updated_at=END,
    )
    message = request_message(RequestView(request, [item]))
    assert message.created_at.ToDatetime(tzinfo=UTC) == END
    assert message.line_items[0].start.ToDatetime(tzinfo=UTC) == START
    assert (message.line_items[0].case_id, message.line_items[0].permission) == ("", "")


def test_incident_and_filters_map_optional_fields() -> None:
    message = requests_pb2.SubmitRequestRequest(
        incident_number="INC-7", incident_latitude=45.5, incident_at=_stamp(START)
    )
    command = submit_command(message)
    assert (command.latitude, command.longitude, command.occurred_at) == (45.5, None, START)
    wanted = request_filter(
        requests_pb2.ListRequestsRequest(text=" mall ", created_from=_stamp(START))
    )
    assert (wanted.text, wanted.created_from, wanted.created_to) == ("mall", START, None)
    with pytest.raises(InvalidArgument, match="camera_id"):
        request_filter(requests_pb2.ListRequestsRequest(camera_id="nope"))
