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


def test_video_frame_rate_is_the_streams_average(tmp_path: Path) -> None:
    store = FilesystemObjectStore(tmp_path / "store")
    data = _clip(tmp_path / "clip.mp4", 0)
    store.put("clip", data)
    facts, _ = probe(store, "clip", len(data))
    assert facts.frame_rate == 10.0


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(out, format="JPEG")
    return out.getvalue()


def _sound(path: Path) -> bytes:
    """A second of silence as AAC in MP4: audio only."""
    with av.open(str(path), mode="w") as out:
        stream = out.add_stream("aac", rate=48000)
        samples = np.zeros((1, 1024), np.float32)
        for i in range(47):
            frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
            frame.sample_rate, frame.pts = 48000, i * 1024
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path.read_bytes()


@pytest.mark.parametrize("kind", ["photo", "audio"])
def test_photos_and_audio_have_no_frame_rate(tmp_path: Path, kind: str) -> None:
    store = FilesystemObjectStore(tmp_path / "store")
    data = _photo() if kind == "photo" else _sound(tmp_path / "sound.m4a")
    store.put("item", data)
    facts, _ = probe(store, "item", len(data))
    assert facts.frame_rate is None
    assert (facts.width > 0) == (kind == "photo")
