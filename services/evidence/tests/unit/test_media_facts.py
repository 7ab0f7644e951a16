"""Media facts as stored (JSON) and as sent (EvidenceMedia): the frame rate is set only when
the probe found one, so the API can tell "none" from a rate."""

from __future__ import annotations

import pytest
from custody_contracts.grpc import evidence_pb2
from evidence.domain.media import MediaFacts

pytestmark = pytest.mark.unit


def test_a_video_sends_its_frame_rate() -> None:
    facts = MediaFacts.from_json({"video_codec": "h264", "width": 640, "frame_rate": 29.97})
    media = evidence_pb2.EvidenceMedia(**facts.as_json())
    assert media.HasField("frame_rate") and media.frame_rate == 29.97


def test_facts_stored_before_the_frame_rate_send_none() -> None:
    facts = MediaFacts.from_json({"video_codec": "h264", "width": 640, "duration_seconds": 3.0})
    assert facts.frame_rate is None
    assert not evidence_pb2.EvidenceMedia(**facts.as_json()).HasField("frame_rate")
