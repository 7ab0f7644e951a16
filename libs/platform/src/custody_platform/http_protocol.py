"""uvicorn's httptools protocol, reading request bodies in larger pieces. uvicorn asks the
socket for 256 KiB at a time and stops reading once 64 KiB of body wait for the app, so a
large upload reached the app in ~64-256 KiB pieces, each a read, a pause and a resume of the
socket and a trip through every middleware. Here a read asks for 1 MiB and reading pauses
at 4 MiB: a quarter of the trips for the same bytes, and still a bounded buffer per request."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

READ_SIZE = 1 << 20
BODY_HIGH_WATER = 4 << 20


class BulkBodyProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if hasattr(transport, "max_size"):  # asyncio's selector transports read this much
            transport.max_size = READ_SIZE

    def on_body(self, body: bytes) -> None:
        cycle: Any = self.cycle
        if (self.parser.should_upgrade() and self._should_upgrade()) or cycle.response_complete:
            return
        cycle.body += body
        if len(cycle.body) > BODY_HIGH_WATER:
            self.flow.pause_reading()
        cycle.message_event.set()
