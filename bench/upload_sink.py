"""A loopback HTTP/1.1 sink that reads each request's body and throws it away: what a browser
can send when the server costs nothing. It answers every request (CORS preflight included)
204 with permissive CORS headers. Bench use only; it binds 127.0.0.1 on a free port."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

ANSWER = (
    b"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\n"
    b"Access-Control-Allow-Methods: *\r\nAccess-Control-Allow-Headers: *\r\n"
    b"Content-Length: 0\r\n\r\n"
)
READ = 1 << 20


def _serve(conn: socket.socket) -> None:
    with conn, conn.makefile("rb") as stream:
        while stream.readline():  # the request line; b"" when the client has gone
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            while length:
                piece = stream.read1(min(length, READ))
                if not piece:
                    return
                length -= len(piece)
            conn.sendall(ANSWER)


@contextmanager
def upload_sink() -> Iterator[str]:
    """Yields the sink's base URL; the listening socket closes on exit."""
    listener = socket.create_server(("127.0.0.1", 0))

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
