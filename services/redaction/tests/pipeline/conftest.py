"""Shared media for the pipeline tests: the shared face data set, and small synthetic clips."""

from __future__ import annotations

import importlib.util
import math
import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import av
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[4]
# The shared data set sits beside the checkout; a clone elsewhere (CI's) finds it at /work.
_CANDIDATES = [REPO.parent / "shared" / "data" / "faces", Path("/work/shared/data/faces")]
FACES = Path(
    os.environ.get("FACES_DATA") or next((c for c in _CANDIDATES if c.is_dir()), _CANDIDATES[0])
)


def _scoring() -> ModuleType:
    # The benchmark's scoring rules are the single definition of "masked"; reuse them.
    spec = importlib.util.spec_from_file_location(
        "bench_scoring", REPO / "bench/redaction/scoring.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scoring = _scoring()


@pytest.fixture(scope="session")
def faces() -> Path:
    if not (FACES / "video" / "synth_720p.mp4").exists():
        message = f"face test data not found at {FACES} (set FACES_DATA)"
        if os.environ.get("CI"):
            pytest.fail(message)  # recall is the point of these tests: never skip them in CI
        pytest.skip(message)
    return FACES


@pytest.fixture(scope="session")
def short_clip(faces: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """Frames 38-61 of synth_720p.mp4 (a cut at frame 50 in the middle), with their truth."""
    first, frames = 38, 24
    dst = tmp_path_factory.mktemp("clip") / "short.mp4"
    with av.open(str(faces / "video" / "synth_720p.mp4")) as inp, av.open(str(dst), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "18"}
        for index, frame in enumerate(inp.decode(video=0)):
            if index == first + frames:
                break
            if index < first:
                continue
            frame.pts = None
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    truth = scoring.load_truth(faces / "video" / "synth_720p_gt.json")[first : first + frames]
    return dst, truth


def make_video(
    path: Path,
    *,
    frames: int = 30,
    size: tuple[int, int] = (160, 120),
    fps: int = 10,
    value: int = 235,
    tone_hz: float | None = None,
    rate: int = 48000,
) -> Path:
    """A flat grey H.264 clip, optionally with a mono sine-tone AAC track of the same length."""
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = size[0], size[1], "yuv420p"
        video.options = {"preset": "ultrafast", "qp": "0"}
        audio = None
        if tone_hz:
            audio = out.add_stream("aac", rate=rate)
            audio.layout = "mono"
        pixels = np.full((size[1], size[0], 3), value, np.uint8)
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts, frame.time_base = index, Fraction(1, fps)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if audio is not None and tone_hz:
            total = frames * rate // fps
            samples = 0.5 * np.sin(2 * math.pi * tone_hz * np.arange(total) / rate)
            for start in range(0, total, 1024):
                chunk = samples[start : start + 1024].astype(np.float32)[None]
                frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
                frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
                out.mux(audio.encode(frame))
            out.mux(audio.encode(None))
    return path


@pytest.fixture(name="scoring", scope="session")
def scoring_fixture() -> ModuleType:
    return scoring


@pytest.fixture(scope="session")
def clip_maker() -> Callable[..., Path]:
    return make_video
