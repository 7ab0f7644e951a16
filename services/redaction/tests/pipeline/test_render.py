"""Rendering: manual masks follow their keyframes, audio edits land on exact samples, bad
input fails clearly, cancelling leaves nothing behind, the original is never touched."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest
from redaction.domain.media import (
    Analysis,
    AudioPlan,
    Cancelled,
    Keyframe,
    ManualMask,
    MediaError,
    RenderPlan,
)
from redaction.pipeline import analyse, render

pytestmark = pytest.mark.integration


def _analyse(src: Path) -> Analysis:
    return analyse(src, on_progress=lambda _: None, cancelled=lambda: False)


def _render(src: Path, dst: Path, plan: RenderPlan, analysis: Analysis | None = None) -> None:
    render(
        src,
        dst,
        analysis or _analyse(src),
        plan,
        on_progress=lambda _: None,
        cancelled=lambda: False,
    )


def _frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="gray") for f in container.decode(video=0)]


def _moving_mask(shape: str) -> ManualMask:
    start, end = [(10, 10), (40, 40)], [(110, 70), (140, 100)]
    if shape == "polygon":  # a square given as four corners
        start = [(10, 10), (40, 10), (40, 40), (10, 40)]
        end = [(110, 70), (140, 70), (140, 100), (110, 100)]
    return ManualMask(
        id="m1",
        shape=shape,
        start_s=0.5,
        end_s=2.5,  # type: ignore[arg-type]
        keyframes=[Keyframe(time_s=0.5, points=start), Keyframe(time_s=2.5, points=end)],
    )


@pytest.mark.parametrize("shape", ["rect", "polygon"])
def test_manual_mask_moves_between_keyframes(
    shape: str, tmp_path: Path, clip_maker: Callable[..., Path]
) -> None:
    src = clip_maker(tmp_path / "flat.mp4", frames=30, fps=10)
    dst = tmp_path / "out.mp4"
    plan = RenderPlan(style="fill", manual_masks=[_moving_mask(shape)], margin=0.0)
    _render(src, dst, plan)
    frames = _frames(dst)
    assert len(frames) == 30
    assert frames[2].max() > 200 and frames[2].min() > 200  # t=0.2: before the range, untouched
    assert frames[5][25, 25] < 30 and frames[5][85, 125] > 200  # t=0.5: first keyframe
    # t=1.5, halfway: the square is at (60,40)-(90,70); its old and final places are clear.
    assert frames[15][55, 75] < 30
    assert frames[15][25, 25] > 200 and frames[15][85, 125] > 200
    assert frames[25][85, 125] < 30 and frames[25][25, 25] > 200  # t=2.5: last keyframe
    assert frames[27].min() > 200  # after the range


def test_mask_lands_in_place_when_rows_are_padded(
    tmp_path: Path, clip_maker: Callable[..., Path]
) -> None:
    """150 px rows are stored 160 wide (75 of 80 in chroma): the mask must not shear."""
    src = clip_maker(tmp_path / "odd.mp4", frames=5, size=(150, 106), fps=10)
    dst = tmp_path / "out.mp4"
    square = [(100, 60), (140, 100)]
    mask = ManualMask(
        id="m1",
        shape="rect",
        start_s=0.0,
        end_s=1.0,
        keyframes=[Keyframe(time_s=0.0, points=square)],
    )
    _render(src, dst, RenderPlan(style="fill", manual_masks=[mask], margin=0.0))
    for frame in _frames(dst):
        assert frame.shape == (106, 150)
        assert frame[62:98, 102:138].max() < 30  # inside the square
        assert frame[:56].min() > 200 and frame[:, :96].min() > 200  # above it and left of it


def _audio(path: Path) -> tuple[np.ndarray, int]:
    with av.open(str(path)) as container:
        chunks = [f.to_ndarray()[0] for f in container.decode(audio=0)]
        rate = container.streams.audio[0].rate
    return np.concatenate(chunks), rate


def test_audio_muted_exactly_over_its_range(
    tmp_path: Path, clip_maker: Callable[..., Path]
) -> None:
    src = clip_maker(tmp_path / "tone.mp4", frames=20, fps=10, tone_hz=440.0)
    dst = tmp_path / "muted.mp4"
    _render(src, dst, RenderPlan(audio=AudioPlan(mute_ranges=[(0.5, 1.25)])))
    samples, rate = _audio(dst)
    original, _ = _audio(src)
    assert abs(len(samples) - len(original)) <= 1024  # same length: nothing shifted
    lo, hi = round(0.5 * rate), round(1.25 * rate)
    guard = 1024  # one AAC frame: the codec smears an edge over at most this many samples
    assert np.abs(samples[lo + guard : hi - guard]).max() < 1e-3
    assert np.abs(samples[guard : lo - guard]).max() > 0.3  # tone kept before
    assert np.abs(samples[hi + guard : hi + 4 * guard]).max() > 0.3  # and after
    # In sync: the tone after the range lines up with the original's.
    window = slice(hi + guard, hi + 3 * guard)
    assert np.corrcoef(samples[window], original[window])[0, 1] > 0.95


def test_audio_bleep_and_remove(tmp_path: Path, clip_maker: Callable[..., Path]) -> None:
    src = clip_maker(tmp_path / "tone.mp4", frames=20, fps=10, tone_hz=440.0)
    analysis = _analyse(src)
    assert analysis.media.has_audio
    bleeped = tmp_path / "bleep.mp4"
    _render(
        src, bleeped, RenderPlan(audio=AudioPlan(mute_ranges=[(0.5, 1.0)], bleep=True)), analysis
    )
    samples, rate = _audio(bleeped)
    spectrum = np.abs(np.fft.rfft(samples[round(0.6 * rate) : round(0.9 * rate)]))
    assert abs(np.argmax(spectrum) * rate / (2 * (len(spectrum) - 1)) - 1000) < 20
    removed = tmp_path / "silent.mp4"
    _render(src, removed, RenderPlan(audio=AudioPlan(remove=True)), analysis)
    with av.open(str(removed)) as container:
        assert not container.streams.audio
        assert container.streams.video[0].codec_context.name == "h264"


def test_output_is_h264_aac_and_original_untouched(
    tmp_path: Path, clip_maker: Callable[..., Path]
) -> None:
    src = clip_maker(tmp_path / "tone.mp4", frames=20, fps=10, tone_hz=440.0)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    dst = tmp_path / "out.mp4"
    result = render(
        src, dst, _analyse(src), RenderPlan(), on_progress=lambda _: None, cancelled=lambda: False
    )
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    assert result.sha256 == hashlib.sha256(dst.read_bytes()).hexdigest()
    assert result.size == dst.stat().st_size and result.frames == 20
    with av.open(str(dst)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.audio[0].codec_context.name == "aac"


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is not a video\n" * 50, bytes(range(256)) * 64],
    ids=["empty", "text", "noise"],
)
def test_non_media_input_is_a_media_error(content: bytes, tmp_path: Path) -> None:
    src = tmp_path / "evidence.mp4"
    src.write_bytes(content)
    with pytest.raises(MediaError) as caught:
        _analyse(src)
    assert caught.value.reason


def test_truncated_video_is_a_media_error(tmp_path: Path, clip_maker: Callable[..., Path]) -> None:
    full = clip_maker(tmp_path / "full.mp4", frames=20)
    src = tmp_path / "cut.mp4"
    src.write_bytes(full.read_bytes()[:600])
    with pytest.raises(MediaError):
        _analyse(src)


def test_cancel_mid_render_leaves_no_file(tmp_path: Path, clip_maker: Callable[..., Path]) -> None:
    src = clip_maker(tmp_path / "long.mp4", frames=200, fps=25, tone_hz=440.0)
    analysis = _analyse(src)
    dst = tmp_path / "out" / "redacted.mp4"
    dst.parent.mkdir()
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 50

    with pytest.raises(Cancelled):
        render(src, dst, analysis, RenderPlan(), on_progress=lambda _: None, cancelled=cancelled)
    assert list(dst.parent.iterdir()) == []


def test_cancel_analysis(tmp_path: Path, clip_maker: Callable[..., Path]) -> None:
    src = clip_maker(tmp_path / "long.mp4", frames=100, fps=25)
    with pytest.raises(Cancelled):
        analyse(src, on_progress=lambda _: None, cancelled=lambda: True)
