"""uvicorn's httptools protocol, reading request bodies in larger pieces. uvicorn asks the
socket for 256 KiB at a time and stops reading once 64 KiB of body wait for the app, so a
large upload reached the app in ~64-256 KiB pieces, each a read, a pause and a resume of the
socket and a trip through every middleware. Here a read asks for 1 MiB and reading pauses
at 4 MiB: a quarter of the trips for the same bytes, and still a bounded buffer per request.

uvicorn also copies every body byte twice on the event loop: into the cycle's bytearray, then
out of it with `bytes()` for the app's message, each copy into fresh memory (page faults).
`BodyPieces` stands in for that bytearray and keeps the parser's pieces as they are: a
message of one piece (the common case: the app reads as fast as the socket fills) is handed
over without a copy, several are joined once (decision 0056)."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

READ_SIZE = 1 << 20
BODY_HIGH_WATER = 4 << 20


class BodyPieces:
    """What uvicorn's `cycle.body` bytearray is used for, without copying: `+=` keeps the
    piece, `len()` counts the bytes, `bytes()` returns a lone piece itself or joins several."""

    __slots__ = ("_pieces", "_size")

    def __init__(self) -> None:
        self._pieces: list[bytes] = []
        self._size = 0

    def __iadd__(self, piece: bytes) -> BodyPieces:
        self._pieces.append(piece)
        self._size += len(piece)
        return self

    def __len__(self) -> int:
        return self._size

    def __bytes__(self) -> bytes:
        if len(self._pieces) == 1 and type(self._pieces[0]) is bytes:
            return self._pieces[0]
        return b"".join(self._pieces)


class BulkBodyProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if hasattr(transport, "max_size"):  # asyncio's selector transports read this much
            transport.max_size = READ_SIZE

    def on_body(self, body: bytes) -> None:
        cycle: Any = self.cycle
        if (self.parser.should_upgrade() and self._should_upgrade()) or cycle.response_complete:
            return
        pieces = cycle.body
        if not isinstance(pieces, BodyPieces):  # uvicorn resets it to a bytearray
            pieces = cycle.body = BodyPieces()
        pieces += body
        if len(pieces) > BODY_HIGH_WATER:
            self.flow.pause_reading()
        cycle.message_event.set()
