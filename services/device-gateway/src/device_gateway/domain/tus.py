"""tus 1.0 header parsing: Upload-Metadata, Upload-Checksum and the upload's declared facts."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Protocol

from custody_platform.errors import InvalidArgument

from .errors import TUS_VERSION, MetadataTooLarge, UnsupportedVersion

CHECKSUM_ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256}
EXTENSIONS = "creation,creation-with-upload,checksum,termination,expiration"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_KEY = re.compile(r"[A-Za-z0-9_.\-]+")
# RFC 6838 type/subtype names, ASCII only: never a header's CR/LF, never parameters.
_MEDIA_TYPE = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
)
MAX_METADATA_BYTES = 4096  # a file name, a media type, a hash and a few ids fit many times
DEFAULT_MEDIA_TYPE = "application/octet-stream"


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...


@dataclass(frozen=True)
class Checksum:
    algorithm: str
    digest: bytes

    def new(self) -> Hasher:
        return CHECKSUM_ALGORITHMS[self.algorithm]()


@dataclass(frozen=True)
class UploadRequest:
    """What an uploader declares when it creates an upload."""

    length: int
    filename: str
    content_type: str
    sha256: str | None  # of the whole file; devices must declare it
    command_id: uuid.UUID | None = None  # devices answer one of their commands
    contributor_name: str | None = None  # grant uploads: who the public contributor says they are
    contributor_contact: str | None = None


def require_version(header: str | None) -> None:
    if header != TUS_VERSION:
        raise UnsupportedVersion(f"Tus-Resumable must be {TUS_VERSION}")


def parse_offset(header: str | None, name: str) -> int:
    """A non-negative decimal header value; anything else is a 400."""
    if header is None or not header.isdigit():
        raise InvalidArgument(f"{name} must be a non-negative integer")
    return int(header)


def parse_metadata(header: str | None) -> dict[str, str]:
    """`key base64,key base64,key` → dict; values must be UTF-8, keys unique, and the whole
    header at most MAX_METADATA_BYTES."""
    if len(header or "") > MAX_METADATA_BYTES:
        raise MetadataTooLarge(f"Upload-Metadata may be at most {MAX_METADATA_BYTES} bytes")
    pairs: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in (header or "").split(","))):
        key, _, encoded = item.partition(" ")
        if not _KEY.fullmatch(key) or key in pairs:
            raise InvalidArgument(f"bad Upload-Metadata key {key!r}")
        try:
            pairs[key] = base64.b64decode(encoded.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise InvalidArgument(f"Upload-Metadata {key} is not base64 UTF-8") from None
    return pairs


def parse_checksum(header: str | None) -> Checksum | None:
    """`Upload-Checksum: <algorithm> <base64 digest>`; an unknown algorithm is a 400."""
    if header is None:
        return None
    algorithm, _, encoded = header.strip().partition(" ")
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise InvalidArgument(f"checksum algorithm must be one of {', '.join(CHECKSUM_ALGORITHMS)}")
    try:
        digest = base64.b64decode(encoded.strip(), validate=True)
    except binascii.Error:
        raise InvalidArgument("Upload-Checksum digest is not base64") from None
    if len(digest) != CHECKSUM_ALGORITHMS[algorithm]().digest_size:
        raise InvalidArgument(f"Upload-Checksum digest has the wrong length for {algorithm}")
    return Checksum(algorithm, digest)


def upload_request(length: int, pairs: dict[str, str], *, device: bool) -> UploadRequest:
    """A device must name the command it answers and the sha256 of the whole file; under a
    grant the sha256 is optional (checked when given) and contributor details may come."""
    sha256 = pairs.get("sha256", "").strip().lower() or None
    if (device or sha256) and not _SHA256_HEX.fullmatch(sha256 or ""):
        raise InvalidArgument("Upload-Metadata must carry sha256 (hex) of the whole file")
    content_type = media_type(pairs.get("filetype", ""))
    filename = safe_filename(pairs.get("filename", ""))
    if not device:
        name, contact = (_short(pairs.get(k)) for k in ("contributor_name", "contributor_contact"))
        return UploadRequest(length, filename, content_type, sha256, None, name, contact)
    try:
        command_id = uuid.UUID(pairs["command_id"])
    except (KeyError, ValueError):
        raise InvalidArgument("Upload-Metadata must name a command_id (UUID)") from None
    return UploadRequest(length, filename, content_type, sha256, command_id)


def media_type(declared: str) -> str:
    """The declared `filetype`, a bare media type (browsers send "" for an unknown one)."""
    declared = declared.strip()
    if not declared:
        return DEFAULT_MEDIA_TYPE
    if len(declared) > 100 or not _MEDIA_TYPE.fullmatch(declared):
        raise InvalidArgument("Upload-Metadata filetype must be a media type like video/mp4")
    return declared


def _short(value: str | None) -> str | None:
    cleaned = "".join(c for c in (value or "") if unicodedata.category(c)[0] != "C").strip()
    return cleaned[:200] or None


def safe_filename(name: str) -> str:
    """A display name only, never a path: last path segment, printable, at most 200 chars."""
    base = re.split(r"[\\/]", name)[-1]
    printable = "".join(c for c in base if unicodedata.category(c)[0] not in ("C", "Z") or c == " ")
    cleaned = printable.strip().lstrip(".")[:200]
    return cleaned or "upload.bin"
