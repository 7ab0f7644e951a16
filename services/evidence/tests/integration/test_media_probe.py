"""Media facts and poster of a phone video coded sideways: reported as a player shows it."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest
from custody_platform.objectstore import FilesystemObjectStore
from evidence.adapters.media import probe
from PIL import Image

pytestmark = pytest.mark.integration


def _clip(path: Path, rotation: int) -> bytes:
    """A 320x240 coded clip whose left half is white, with the given display rotation."""
    frame = np.zeros((240, 320, 3), np.uint8)
    frame[:, :160] = 255
    with av.open(str(path), mode="w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        if rotation:
            stream.set_display_rotation(rotation)
        for _ in range(5):
            out.mux(stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")))
        out.mux(stream.encode(None))
    return path.read_bytes()


@pytest.mark.parametrize(("rotation", "size"), [(0, (320, 240)), (90, (240, 320))])
def test_rotated_video_is_described_upright(
    tmp_path: Path, rotation: int, size: tuple[int, int]
) -> None:
    store = FilesystemObjectStore(tmp_path / "store")
    data = _clip(tmp_path / "clip.mp4", rotation)
    store.put("clip", data)
    facts, poster = probe(store, "clip", len(data))
    assert (facts.width, facts.height) == size
    assert poster is not None
    image = Image.open(io.BytesIO(poster)).convert("L")
    assert image.size == size
    pixels = np.asarray(image, np.float32)
    if rotation == 90:  # turned anticlockwise, the white left half is at the bottom
        assert pixels[size[1] * 3 // 4].mean() > 200 and pixels[size[1] // 4].mean() < 50
    else:
        assert pixels[:, size[0] // 4].mean() > 200 and pixels[:, size[0] * 3 // 4].mean() < 50
