"""Streaming a gRPC byte stream as an HTTP body.

Status and headers go out with the first byte, so the first chunk is awaited before the
response starts: an error up to then (not found, view-only, object missing) is still a
proper problem+json. A failure later can only cut the body short; the Content-Length and
X-Content-SHA256 headers let the client tell.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import structlog
from custody_contracts.grpc import evidence_pb2

log = structlog.get_logger(__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*$")
MAX_FILENAME = 120


def safe_filename(name: str, fallback: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only; never a path, never empty."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip("._")[:MAX_FILENAME]
    return cleaned or fallback


def download_headers(item: evidence_pb2.EvidenceItem) -> dict[str, str]:
    media_type = item.content_type if _MEDIA_TYPE.match(item.content_type) else ""
    filename = safe_filename(item.filename, f"evidence-{item.id}")
    return {
        "Content-Type": media_type or "application/octet-stream",
        "Content-Length": str(item.size),
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-SHA256": item.sha256,
        "X-Content-Type-Options": "nosniff",
    }


async def open_stream(call: Any) -> AsyncIterator[bytes]:
    """Wait for the first chunk of a server-streaming call, then relay the rest."""
    chunks = call.__aiter__()
    try:
        first = await anext(chunks, None)
    except BaseException:
        call.cancel()
        raise
    return _relay(call, chunks, first)


async def _relay(call: Any, chunks: AsyncIterator[Any], first: Any) -> AsyncIterator[bytes]:
    try:
        if first is not None:
            yield first.data
        async for chunk in chunks:
            yield chunk.data
    except Exception as err:
        log.warning("evidence.download_interrupted", error=str(err))
        raise
    finally:
        call.cancel()  # no-op once finished; stops the upstream when the client went away
