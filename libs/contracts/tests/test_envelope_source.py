"""CloudEvents `source` is a URI reference; events published before it was still read."""

from __future__ import annotations

import pytest
from custody_contracts.envelope import Envelope, service_source

pytestmark = pytest.mark.unit


def test_a_service_publishes_under_its_urn() -> None:
    envelope = Envelope(type="requests.request_submitted.v1", source=service_source("requests"))
    headers = dict(envelope.to_headers())
    assert headers["ce_source"] == b"urn:custody:service:requests"
    assert envelope.service == "requests"


def test_an_old_bare_service_name_is_read_as_its_urn() -> None:
    old = {
        "ce_id": "6f1c2a8e-7d0e-4a53-9a43-0a6f7f8f1c11",
        "ce_type": "t.v1",
        "ce_source": "evidence",
    }
    envelope = Envelope.from_headers(old)
    assert envelope.source == "urn:custody:service:evidence"
    assert envelope.service == "evidence"


@pytest.mark.parametrize(
    "source", ["urn:custody:service:audit", "/vms/axis-1", "https://x.example/y"]
)
def test_a_uri_source_is_kept_as_sent(source: str) -> None:
    assert Envelope(type="t.v1", source=source).source == source


def test_round_trip_through_headers_keeps_the_source() -> None:
    sent = Envelope(type="t.v1", source=service_source("device-gateway"))
    received = Envelope.from_headers({k: v.decode() for k, v in sent.to_headers()})
    assert received.source == sent.source
