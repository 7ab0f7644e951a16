"""What a file really is, from its first bytes: the declared type and name are not trusted."""

from __future__ import annotations

import puremagic

from .errors import ContentRefused
from .grants import media_allowed

HEAD_BYTES = 8192
UNKNOWN = "application/octet-stream"
# Magic numbers of programs and scripts; puremagic names some of these, not all (e.g. ELF).
_EXECUTABLE_MAGIC = (
    b"\x7fELF",
    b"MZ",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
_EXECUTABLE_WORDS = ("executable", "msdownload", "sharedlib", "x-elf", "mach-binary", "dosexec")


def sniff(head: bytes) -> str:
    """The media type puremagic finds with the most confidence, or application/octet-stream."""
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return UNKNOWN
    best = max(matches, key=lambda m: m.confidence, default=None)
    return best.mime_type if best and best.mime_type else UNKNOWN


def is_executable(head: bytes, media_type: str) -> bool:
    return head.startswith(_EXECUTABLE_MAGIC) or any(w in media_type for w in _EXECUTABLE_WORDS)


def accept_content(head: bytes, allowed: tuple[str, ...]) -> str:
    """The sniffed media type, or ContentRefused: never a program, and with an allowed list
    only an identified type on it."""
    media_type = sniff(head)
    if is_executable(head, media_type):
        raise ContentRefused("executable content is not accepted")
    if allowed and (media_type == UNKNOWN or not media_allowed(media_type, allowed)):
        raise ContentRefused(f"content is {media_type}, which this upload does not allow")
    return media_type
