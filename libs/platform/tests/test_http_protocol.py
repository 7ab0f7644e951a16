"""The HTTP protocol every service runs (BulkBodyProtocol) on a real uvicorn server and a
real socket: a large body arrives whole and in order, in pieces larger than uvicorn's own."""

from __future__ import annotations

import asyncio
import hashlib
import http.client
import os
import socket
import threading
from typing import Any

import pytest
import uvicorn
from custody_platform.http_protocol import BodyPieces, BulkBodyProtocol

pytestmark = pytest.mark.integration
BODY = 8 << 20
UVICORN_LARGEST_PIECE = (64 << 10) + (256 << 10)  # its high water mark plus one read


class Upload:
    """An ASGI app that waits until the client has sent everything, then reads the body."""

    def __init__(self) -> None:
        self.pieces: list[int] = []
        self.digest = hashlib.sha256()
        self.sent = threading.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await asyncio.to_thread(self.sent.wait, 60)  # the body waits in the server's buffer
        more = True
        while more:
            message = await receive()
            self.pieces.append(len(message["body"]))
            self.digest.update(message["body"])
            more = message.get("more_body", False)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def test_a_large_body_arrives_whole_in_large_pieces() -> None:
    app, data = Upload(), os.urandom(BODY)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, http=BulkBodyProtocol, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            threading.Event().wait(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.putrequest("PUT", "/")
        conn.putheader("Content-Length", str(BODY))
        conn.endheaders()
        conn.sock.sendall(data[: BODY // 2])  # fits the socket and server buffers
        app.sent.set()
        conn.sock.sendall(data[BODY // 2 :])
        assert conn.getresponse().status == 204
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    assert app.digest.hexdigest() == hashlib.sha256(data).hexdigest()
    assert sum(app.pieces) == BODY
    assert app.pieces[0] > UVICORN_LARGEST_PIECE


def test_body_pieces_hand_over_a_lone_piece_without_a_copy_and_join_several() -> None:
    one, piece = BodyPieces(), os.urandom(1 << 20)
    one += piece
    assert bytes(one) is piece
    several = BodyPieces()
    for part in (b"ab", b"", b"cde"):
        several += part
    assert len(several) == 5
    assert bytes(several) == b"abcde"
    assert bytes(BodyPieces()) == b""
