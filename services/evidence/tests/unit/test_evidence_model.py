from __future__ import annotations

import uuid

import pytest
from custody_platform.errors import PermissionDenied
from evidence.domain.model import (
    MAX_FILENAME,
    case_title,
    effective_permission,
    ensure_downloadable,
    sanitize_filename,
)
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("clip.mp4", "clip.mp4"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\cam\\export 1.mkv", "export 1.mkv"),
        (".hidden", "hidden"),
        ("a;rm -rf $HOME.mp4", "a_rm -rf _HOME.mp4"),
        ("new\nline\x00.mp4", "new_line_.mp4"),
        ("...", "evidence"),
        ("", "evidence"),
        ("caméra-№1.mp4", "caméra-No1.mp4"),
    ],
)
def test_sanitize_filename(raw: str, clean: str) -> None:
    assert sanitize_filename(raw) == clean


def test_long_names_keep_their_extension() -> None:
    name = sanitize_filename("x" * 500 + ".mp4")
    assert len(name) == MAX_FILENAME
    assert name.endswith(".mp4")


@given(st.text())
def test_sanitized_names_are_never_paths(raw: str) -> None:
    name = sanitize_filename(raw)
    assert name and len(name) <= MAX_FILENAME
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert all(ch.isprintable() for ch in name)


def test_requested_video_keeps_the_owners_grant() -> None:
    request_id = uuid.uuid4()
    assert effective_permission("view", request_id) == "view"
    assert effective_permission("download", request_id) == "download"
    assert effective_permission("view", None) == "download"  # the org's own evidence


def test_view_only_evidence_cannot_be_downloaded() -> None:
    ensure_downloadable("download")
    with pytest.raises(PermissionDenied):
        ensure_downloadable("view")


def test_case_title() -> None:
    assert case_title("MPD-2025-0042") == "Video request MPD-2025-0042"
