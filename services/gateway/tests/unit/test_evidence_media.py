"""An item's media facts in the API: the frame rate is a number for video and null where the
evidence service has none (photos, audio, items probed before it was recorded)."""

from __future__ import annotations

import uuid

import pytest
from custody_contracts.grpc import evidence_pb2
from gateway.entrypoints.api.schemas.evidence import evidence_public

pytestmark = pytest.mark.unit


def _item(media: evidence_pb2.EvidenceMedia) -> evidence_pb2.EvidenceItem:
    case = str(uuid.uuid4())
    return evidence_pb2.EvidenceItem(
        id=str(uuid.uuid4()), case_id=case, case_ids=[case], org_id=str(uuid.uuid4()), media=media
    )


def test_a_videos_frame_rate_is_carried() -> None:
    media = evidence_pb2.EvidenceMedia(video_codec="h264", width=640, height=360, frame_rate=29.97)
    public = evidence_public(_item(media))
    assert public.media is not None and public.media.frame_rate == 29.97


def test_no_frame_rate_is_null_not_zero() -> None:
    public = evidence_public(_item(evidence_pb2.EvidenceMedia(video_codec="mjpeg", width=64)))
    assert public.media is not None
    assert public.model_dump(mode="json")["media"]["frame_rate"] is None
