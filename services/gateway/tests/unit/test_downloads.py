from __future__ import annotations

import pytest
from custody_contracts.grpc import evidence_pb2
from gateway.entrypoints.api.downloads import download_headers, safe_filename

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("clip.mp4", "clip.mp4"),
        ("../../etc/passwd", "passwd"),
        ("C:\\videos\\cam 1.mp4", "cam_1.mp4"),
        ('evil"; filename=x.exe', "evil_filename_x.exe"),
        ("caméra\r\n.mp4", "cam_ra_.mp4"),
        ("...", "fallback"),
        ("", "fallback"),
    ],
)
def test_filenames_are_sanitized(name: str, expected: str) -> None:
    assert safe_filename(name, "fallback") == expected


def test_download_headers() -> None:
    item = evidence_pb2.EvidenceItem(
        id="e1", filename="cam/clip 1.mp4", content_type="video/mp4", size=42, sha256="ab" * 32
    )
    assert download_headers(item) == {
        "Content-Type": "video/mp4",
        "Content-Length": "42",
        "Content-Disposition": 'attachment; filename="clip_1.mp4"',
        "X-Content-SHA256": "ab" * 32,
        "X-Content-Type-Options": "nosniff",
    }


def test_suspicious_content_type_falls_back_to_octet_stream() -> None:
    item = evidence_pb2.EvidenceItem(id="e1", content_type="text/html\r\nSet-Cookie: x=1")
    headers = download_headers(item)
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"] == 'attachment; filename="evidence-e1"'
