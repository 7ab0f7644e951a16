"""Draws the field-capture app's icons (services/web/src/web/static/img/capture-*.png): a
white camera lens on the header's navy, with the standard library only. Rerunnable."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

IMG = Path(__file__).resolve().parents[1] / "services/web/src/web/static/img"
NAVY = (22, 46, 81)
WHITE = (255, 255, 255)
RED = (213, 67, 9)


def pixel(x: float, y: float) -> tuple[int, int, int]:
    """The colour at (x, y) in a unit square: a ring (the lens) and a red record dot."""
    r = ((x - 0.5) ** 2 + (y - 0.52) ** 2) ** 0.5
    if ((x - 0.78) ** 2 + (y - 0.22) ** 2) ** 0.5 < 0.07:
        return RED
    if 0.2 < r < 0.3 or r < 0.12:
        return WHITE
    return NAVY


def png(size: int) -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel((i + 0.5) / size, (j + 0.5) / size)) for i in range(size))
        for j in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (IMG / f"capture-{size}.png").write_bytes(png(size))
        print(f"wrote {IMG / f'capture-{size}.png'}")


if __name__ == "__main__":
    main()
