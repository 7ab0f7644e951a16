"""A simulated VMS with recordings on disk and an HTTP export API, on 127.0.0.1 only.

    GET /exports?camera=<ref>&start=<iso>&end=<iso>
      200: the recording (video/mp4), X-Filename; 404: no recording for that camera/range.

Recordings live in `<root>/<camera>/<start>_<end>.mp4` (the watch-folder layout the device
gateway's watch-folder connector reads, too). `record()` puts real H.264 clips there.

    python -m custody_devicesim vms-server --root DIR [--port 0] [--camera cam-1 ...]
"""

from __future__ import annotations

import argparse
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from custody_devicesim.clip import make_clip

STAMP = "%Y%m%dT%H%M%SZ"
LOOPBACK = "127.0.0.1"


def record(root: Path, camera: str, start: datetime, end: datetime) -> Path:
    """Store a real clip of the camera for [start, end) the way the VMS keeps recordings."""
    folder = root / camera
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{start.astimezone(UTC):{STAMP}}_{end.astimezone(UTC):{STAMP}}.mp4"
    path.write_bytes(make_clip(camera, 1, start, end))
    return path


def find_recording(root: Path, camera: str, start: datetime, end: datetime) -> Path | None:
    """The recording of the camera overlapping [start, end) the most."""
    folder = root / camera
    if "/" in camera or camera.startswith(".") or not folder.is_dir():
        return None
    best, best_overlap = None, 0.0
    for path in sorted(folder.glob("*_*.mp4")):
        first, _, rest = path.stem.partition("_")
        try:
            begin = datetime.strptime(first, STAMP).replace(tzinfo=UTC)
            finish = datetime.strptime(rest, STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        overlap = (min(end, finish) - max(start, begin)).total_seconds()
        if overlap > best_overlap:
            best, best_overlap = path, overlap
    return best


class VmsServer:
    """The HTTP server in a background thread: `with VmsServer(root) as vms: vms.url`."""

    def __init__(self, root: Path, port: int = 0) -> None:
        handler = type("Handler", (_ExportHandler,), {"root": root})
        self.httpd = ThreadingHTTPServer((LOOPBACK, port), handler)
        self.url = f"http://{LOOPBACK}:{self.httpd.server_address[1]}"
        self.requests: list[str] = []
        handler.requests = self.requests  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> VmsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _ExportHandler(BaseHTTPRequestHandler):
    root: Path
    requests: list[str]

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.requests.append(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        try:
            camera = query["camera"]
            start = datetime.fromisoformat(query["start"])
            end = datetime.fromisoformat(query["end"])
        except (KeyError, ValueError):
            return self._answer(400, b"camera, start and end are required")
        if url.path != "/exports":
            return self._answer(404, b"not found")
        found = find_recording(self.root, camera, start, end)
        if found is None:
            return self._answer(404, b"no recording")
        data = found.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Filename", found.name)
        self.end_headers()
        self.wfile.write(data)

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="custody_devicesim vms-server", description=__doc__)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--camera", action="append", default=[], help="record the last hour")
    args = parser.parse_args(argv)
    now = datetime.now(UTC).replace(microsecond=0)
    for camera in args.camera:
        record(args.root, camera, now - timedelta(hours=1), now)
    with VmsServer(args.root, args.port) as vms:
        print(vms.url, flush=True)
        threading.Event().wait()
    return 0
