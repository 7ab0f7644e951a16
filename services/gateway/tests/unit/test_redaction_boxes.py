"""A page of detected boxes in the API: where the next page starts, or null at the end, and
the window's bounds refused before any call."""

from __future__ import annotations

from typing import Any

import pytest
from custody_contracts.grpc import redaction_pb2
from gateway.entrypoints.api.schemas.redaction import BoxFrames, Frame
from gateway.entrypoints.api.schemas.redaction_findings import boxes_public
from pydantic import TypeAdapter, ValidationError

pytestmark = pytest.mark.unit

BOX = redaction_pb2.TrackBox(track_id=3, frame=31, x1=1.5, y1=2, x2=30, y2=40)


@pytest.mark.parametrize(("more", "next_from"), [(True, 60), (False, None)])
def test_a_page_says_where_the_next_one_starts(more: bool, next_from: int | None) -> None:
    found = redaction_pb2.TrackBoxes(from_frame=30, to_frame=60, more=more, boxes=[BOX])
    page = boxes_public(found)
    assert (page.from_frame, page.to_frame, page.next_from_frame) == (30, 60, next_from)
    assert page.boxes[0].model_dump() == {
        "track_id": 3, "frame": 31, "x1": 1.5, "y1": 2.0, "x2": 30.0, "y2": 40.0,
    }  # fmt: skip


@pytest.mark.parametrize(("kind", "value"), [(Frame, -1), (Frame, 1 << 41), (BoxFrames, 0),
                                             (BoxFrames, 1001)])  # fmt: skip
def test_windows_out_of_bounds_are_refused(kind: Any, value: int) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(kind).validate_python(value)
