"""Real, short H.264 MP4 clips: what a simulated camera "recorded" for a time range.

The same (device, channel, start) always gives the same bytes, so a test can predict them.
"""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

import av
import numpy as np

WIDTH, HEIGHT, FPS = 320, 240, 10
MAX_SECONDS = 5.0


def make_clip(
    device_id: str,
    channel: int,
    start: datetime,
    end: datetime,
    *,
    max_seconds: float = MAX_SECONDS,
) -> bytes:
    """An MP4 of min(end - start, max_seconds) seconds (at least one frame)."""
    seconds = min(max((end - start).total_seconds(), 0.0), max_seconds)
    frames = max(1, round(seconds * FPS))
    seed = hashlib.sha256(f"{device_id}/{channel}/{start.isoformat()}".encode()).digest()
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        # One thread and no timestamps in the container: the encoding is reproducible.
        stream.options = {"preset": "ultrafast", "threads": "1"}
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(_picture(seed, index), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()


def _picture(seed: bytes, index: int) -> np.ndarray:
    """A diagonal gradient tinted by the seed, a bar sweeping across, and the frame number
    drawn as a row of binary blocks (the "timestamp")."""
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH]
    image = np.empty((HEIGHT, WIDTH, 3), dtype=np.uint8)
    for plane in range(3):
        image[..., plane] = (xs + ys + index * 4 + seed[plane]) % 256
    bar = (index * 12 + seed[3]) % WIDTH
    image[:, bar : bar + 10] = 255
    for bit in range(12):
        on = (index >> bit) & 1
        image[HEIGHT - 20 : HEIGHT - 4, 4 + bit * 20 : 20 + bit * 20] = 255 if on else 0
    return image
