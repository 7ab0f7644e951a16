"""Uploads with the stock tuspy client: sha256 chunk checksums, a fresh token per chunk."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

from tusclient.client import TusClient
from tusclient.uploader import Uploader

UPLOADS_PATH = "/device/v1/uploads"


class Sha256Uploader(Uploader):
    """tuspy's Uploader, checksumming each chunk with sha256 instead of its default sha1."""

    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


def tus_upload(
    base_url: str,
    bearer: Callable[[], str],
    data: bytes,
    metadata: dict[str, str],
    *,
    chunk_size: int,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Uploads `data` chunk by chunk; returns the upload URL. `bearer` is asked for a token
    before every chunk, so a long upload outlives any one token; `progress` hears each
    chunk's new offset (a test may hold the upload there)."""
    client = TusClient(base_url.rstrip("/") + UPLOADS_PATH)
    uploader = Sha256Uploader(
        file_stream=io.BytesIO(data),
        client=client,
        chunk_size=chunk_size,
        metadata=metadata,
        upload_checksum=True,
        retries=3,
        retry_delay=1,
    )
    while True:
        client.set_headers({"Authorization": f"Bearer {bearer()}"})
        uploader.upload_chunk()
        if progress is not None:
            progress(uploader.offset, len(data))
        if uploader.offset >= len(data):
            return str(uploader.url)
