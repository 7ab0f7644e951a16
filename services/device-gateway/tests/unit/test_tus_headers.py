from __future__ import annotations

import base64
import hashlib
import uuid

import pytest
from custody_platform.errors import InvalidArgument
from device_gateway.domain.errors import MetadataTooLarge, UnsupportedVersion
from device_gateway.domain.tus import (
    MAX_METADATA_BYTES,
    parse_checksum,
    parse_metadata,
    parse_offset,
    require_version,
    safe_filename,
    upload_request,
)
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.unit


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_metadata_pairs_decode_including_keys_without_value() -> None:
    header = f"filename {b64('clip.mp4')},filetype {b64('video/mp4')},is_confidential"
    assert parse_metadata(header) == {
        "filename": "clip.mp4",
        "filetype": "video/mp4",
        "is_confidential": "",
    }
    assert parse_metadata(None) == {} == parse_metadata("")


@pytest.mark.parametrize(
    "header",
    ["filename !!notbase64", f"a {b64('x')},a {b64('y')}", "bad key x", f"k\u00e9y {b64('x')}"],
)
def test_malformed_metadata_is_rejected(header: str) -> None:
    with pytest.raises(InvalidArgument):
        parse_metadata(header)


@given(
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,12}", fullmatch=True), st.text(max_size=40), max_size=8
    )
)
def test_metadata_round_trips(pairs: dict[str, str]) -> None:
    header = ",".join(f"{key} {b64(value)}" for key, value in pairs.items())
    assert parse_metadata(header) == pairs


def test_metadata_is_capped() -> None:
    """A 1 MB Upload-Metadata was parsed whole; a few keys fit in MAX_METADATA_BYTES."""
    with pytest.raises(MetadataTooLarge):
        parse_metadata(f"filename {b64('x' * 1_000_000)}")
    fits = f"filename {b64('x' * 2000)}"
    assert len(fits) <= MAX_METADATA_BYTES and parse_metadata(fits)["filename"] == "x" * 2000


@pytest.mark.parametrize(
    ("declared", "stored"),
    [("video/mp4", "video/mp4"), ("", "application/octet-stream"), (" image/jpeg ", "image/jpeg")],
)
def test_the_declared_file_type_is_a_bare_media_type(declared: str, stored: str) -> None:
    pairs = {"filetype": declared, "filename": "clip"}
    assert upload_request(10, pairs, device=False).content_type == stored


@pytest.mark.parametrize(
    "declared",
    ["video/mp4\r\nX-Evil: 1", "video/mp4; codecs=avc1", "text/html\x00", "vidéo/mp4", "mp4"],
)
def test_a_file_type_that_is_no_media_type_is_refused(declared: str) -> None:
    with pytest.raises(InvalidArgument, match="filetype"):
        upload_request(10, {"filetype": declared}, device=False)


def test_checksum_header_for_sha256_and_sha1() -> None:
    digest = hashlib.sha256(b"chunk").digest()
    parsed = parse_checksum(f"sha256 {base64.b64encode(digest).decode()}")
    assert parsed is not None and parsed.algorithm == "sha256" and parsed.digest == digest
    sha1 = hashlib.sha1(b"chunk").digest()
    assert parse_checksum(f"sha1 {base64.b64encode(sha1).decode()}").digest == sha1  # type: ignore[union-attr]
    assert parse_checksum(None) is None


@pytest.mark.parametrize(
    "header",
    [
        "md5 " + base64.b64encode(hashlib.md5(b"x").digest()).decode(),
        "sha256 not-base64!",
        "sha256 " + base64.b64encode(b"short").decode(),
        "sha256",
    ],
)
def test_bad_checksum_headers_are_rejected(header: str) -> None:
    with pytest.raises(InvalidArgument):
        parse_checksum(header)


def test_offsets_and_versions() -> None:
    assert parse_offset("0", "Upload-Offset") == 0
    assert parse_offset("4294967296", "Upload-Length") == 1 << 32
    for bad in (None, "-1", "1.5", "", "ten"):
        with pytest.raises(InvalidArgument):
            parse_offset(bad, "Upload-Offset")
    require_version("1.0.0")
    for version in (None, "0.2.2", "1.0"):
        with pytest.raises(UnsupportedVersion) as caught:
            require_version(version)
        assert caught.value.http_status == 412 and caught.value.headers["Tus-Version"] == "1.0.0"


def test_upload_metadata_requires_command_and_whole_file_sha256() -> None:
    command_id, sha = uuid.uuid4(), hashlib.sha256(b"video").hexdigest()
    meta = upload_request(10, {"command_id": str(command_id), "sha256": sha.upper()}, device=True)
    assert (meta.length, meta.command_id, meta.sha256) == (10, command_id, sha)
    assert (meta.filename, meta.content_type) == ("upload.bin", "application/octet-stream")
    for pairs in (
        {"sha256": sha},
        {"command_id": "nope", "sha256": sha},
        {"command_id": str(command_id)},
    ):
        with pytest.raises(InvalidArgument):
            upload_request(10, pairs, device=True)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\clips\\dock.mp4", "dock.mp4"),
        ("..hidden.mp4", "hidden.mp4"),
        ("a\x00b\nc.mp4", "abc.mp4"),
        ("", "upload.bin"),
        ("x" * 300, "x" * 200),
    ],
)
def test_file_names_are_display_names_never_paths(raw: str, clean: str) -> None:
    assert safe_filename(raw) == clean
