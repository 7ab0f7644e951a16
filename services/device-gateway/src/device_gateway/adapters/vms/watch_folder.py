"""A VMS that drops exports into a folder: `<root>/<name>/<camera_ref>/` holds recordings
named `<start>_<end>.<ext>` (ISO-8601 basic, UTC, e.g. 20240501T115000Z_20240501T120000Z.mp4).
The export is the recording that overlaps the range the most."""

from __future__ import annotations

import asyncio
import mimetypes
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from device_gateway.adapters.vms import NoRecording, VmsExport
from device_gateway.domain.tus import safe_filename

CHUNK = 1 << 20
STAMP = "%Y%m%dT%H%M%SZ"


class WatchFolderConnector:
    def __init__(self, root: Path, url: str) -> None:
        self.folder = root / urlsplit(url).netloc

    async def export(self, camera_ref: str, start: datetime, end: datetime) -> VmsExport:
        camera = self.folder / safe_filename(camera_ref)
        best = await asyncio.to_thread(_best_recording, camera, start, end)
        if best is None:
            raise NoRecording(f"no recording of {camera_ref} for the range")
        content_type = mimetypes.guess_type(best.name)[0] or "application/octet-stream"
        return VmsExport(best.name, content_type, best.stat().st_size, _read(best))


def _best_recording(camera: Path, start: datetime, end: datetime) -> Path | None:
    best, best_overlap = None, 0.0
    for path in sorted(camera.glob("*_*.*")) if camera.is_dir() else []:
        span = _span(path.name)
        if span is None:
            continue
        overlap = (min(end, span[1]) - max(start, span[0])).total_seconds()
        if overlap > best_overlap:
            best, best_overlap = path, overlap
    return best


def _span(name: str) -> tuple[datetime, datetime] | None:
    first, _, rest = name.partition("_")
    try:
        begin = datetime.strptime(first, STAMP).replace(tzinfo=UTC)
        finish = datetime.strptime(rest.split(".", 1)[0], STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
    return begin, finish


async def _read(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as file:
        while chunk := await asyncio.to_thread(file.read, CHUNK):
            yield chunk
