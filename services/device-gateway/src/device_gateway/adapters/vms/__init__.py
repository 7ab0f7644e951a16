"""VMS connectors: export a camera's recording for a time range as a stream of bytes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class NoRecording(Exception):
    """The VMS has no recording of this camera for the range."""


class VmsUnavailable(Exception):
    """The VMS could not be reached or refused the export; worth retrying later."""


@dataclass(frozen=True)
class VmsExport:
    """An export in progress: what the VMS says about the file, and its bytes."""

    filename: str
    content_type: str
    length: int | None
    chunks: AsyncIterator[bytes]


class VmsConnector(Protocol):
    async def export(self, camera_ref: str, start: datetime, end: datetime) -> VmsExport:
        """Starts the export; raises NoRecording or VmsUnavailable before any byte."""
        ...
