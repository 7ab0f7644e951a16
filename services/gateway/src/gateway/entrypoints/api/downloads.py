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
from custody_contracts.grpc import evidence_pb2, evidence_pb2_grpc
from custody_platform.problems import problem
from fastapi import Request
from fastapi.responses import Response, StreamingResponse

log = structlog.get_logger(__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*$")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
# What a StreamEvidence call sends, in its initial metadata: evidence may send less than was
# asked (a view-only holder gets bounded ranges, decision 0013).
CONTENT_RANGE_METADATA = "x-custody-content-range"
_SERVED = re.compile(r"^bytes (\d+)-(\d+)/\d+$")
# Shown inline only as media a browser plays; anything else (HTML, SVG, PDF) is a download.
_INLINE_MEDIA = ("video/", "audio/", "image/jpeg", "image/png", "image/gif", "image/webp")
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


class RangeNotSatisfiable(Exception):
    pass


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(offset, length) of a single "bytes=" range; None for the whole object (no header, or a
    form this server ignores, e.g. several ranges — RFC 9110 lets it send 200 instead)."""
    if not header:
        return None
    match = _RANGE.match(header.replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = min(int(last), size)
        if length == 0:
            raise RangeNotSatisfiable
        return size - length, length
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise RangeNotSatisfiable
    return start, end - start + 1


def stream_headers(item: evidence_pb2.EvidenceItem) -> dict[str, str]:
    media_type = item.content_type if _MEDIA_TYPE.match(item.content_type) else ""
    inline = media_type.lower().startswith(_INLINE_MEDIA)
    filename = safe_filename(item.filename, f"evidence-{item.id}")
    return {
        "Content-Type": media_type if inline else "application/octet-stream",
        "Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{filename}"',
        "Accept-Ranges": "bytes",
        "X-Content-SHA256": item.sha256,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
        "Cache-Control": "private, no-store",
    }


async def range_response(
    request: Request,
    evidence: evidence_pb2_grpc.EvidenceStub,
    item: evidence_pb2.EvidenceItem,
    metadata: list[tuple[str, str]],
    source: str | None,
    share_token: str = "",
) -> Response:
    """206 with Content-Range for a satisfiable Range, 200 for the whole item, 416 otherwise.
    Evidence verifies every block it sends and audits the stream as a view."""
    headers = stream_headers(item)
    try:
        span = parse_range(request.headers.get("range"), item.size)
    except RangeNotSatisfiable:
        return problem(
            request,
            416,
            f"the range is outside the {item.size} bytes of this evidence",
            code="range_not_satisfiable",
            headers={"Content-Range": f"bytes */{item.size}"},
        )
    offset, length = span or (0, item.size)
    call = evidence.StreamEvidence(
        evidence_pb2.StreamEvidenceRequest(
            id=item.id,
            offset=offset,
            length=length,
            source_address=source or "",
            share_token=share_token,
        ),
        metadata=metadata,
    )
    body = await open_stream(call)
    offset, length = await served_range(call) or (offset, length)
    headers["Content-Length"] = str(length)
    if span is None and (offset, length) == (0, item.size):
        return StreamingResponse(body, headers=headers)
    headers["Content-Range"] = f"bytes {offset}-{offset + length - 1}/{item.size}"
    return StreamingResponse(body, status_code=206, headers=headers)


async def served_range(call: Any) -> tuple[int, int] | None:
    """(offset, length) evidence says it sends; None when it does not say."""
    metadata = await call.initial_metadata()
    value = next((v for k, v in metadata or () if k == CONTENT_RANGE_METADATA), None)
    match = _SERVED.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    return first, last - first + 1


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


def thumbnail_response(thumbnail: evidence_pb2.EvidenceThumbnail) -> Response:
    return Response(
        thumbnail.jpeg,
        media_type="image/jpeg",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=300"},
    )
