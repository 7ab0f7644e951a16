"""Pure pieces of the pipeline: sample-exact audio edits, keyframe interpolation, NMS, masks."""

from __future__ import annotations

import numpy as np
import pytest
from redaction.domain.media import AudioPlan, Keyframe, ManualMask
from redaction.pipeline.audio import edit_samples
from redaction.pipeline.centerface import nms
from redaction.pipeline.masks import Plane, Shape, draw
from redaction.pipeline.schedule import points_at
from redaction.pipeline.track import chain, hits, misses

pytestmark = pytest.mark.unit


def test_mute_is_sample_exact_across_chunk_boundaries() -> None:
    rate, plan = 1000, AudioPlan(mute_ranges=[(0.1005, 0.2)])  # samples 100 (rounded) to 199
    whole = np.ones((2, 300), np.float32)
    for first in range(0, 300, 64):  # edited chunk by chunk, as frames arrive
        edit_samples(whole[:, first : first + 64], first, rate, plan)
    assert np.all(whole[:, :100] == 1.0)
    assert np.all(whole[:, 100:200] == 0.0)
    assert np.all(whole[:, 200:] == 1.0)


def test_bleep_is_a_continuous_tone() -> None:
    rate, plan = 8000, AudioPlan(mute_ranges=[(0.0, 1.0)], bleep=True)
    a, b = np.zeros((1, 100), np.float32), np.zeros((1, 100), np.float32)
    edit_samples(a, 0, rate, plan)
    edit_samples(b, 100, rate, plan)
    joined = np.concatenate([a, b], axis=1)[0]
    expected = 0.2 * np.sin(2 * np.pi * 1000 * np.arange(200) / rate)
    assert np.allclose(joined, expected, atol=1e-6)


def test_keyframes_interpolate_linearly_and_hold_at_the_ends() -> None:
    mask = ManualMask(
        id="a",
        shape="rect",
        start_s=0.0,
        end_s=10.0,
        keyframes=[
            Keyframe(time_s=2.0, points=[(0, 0), (10, 10)]),
            Keyframe(time_s=4.0, points=[(20, 40), (30, 50)]),
        ],
    )
    assert points_at(mask, 1.0) == [(0, 0), (10, 10)]
    assert points_at(mask, 3.0) == [(10.0, 20.0), (20.0, 30.0)]
    assert points_at(mask, 9.0) == [(20, 40), (30, 50)]
    assert points_at(mask, 10.5) is None


def test_manual_mask_shapes_are_validated() -> None:
    with pytest.raises(ValueError):
        ManualMask(
            id="a",
            shape="rect",
            start_s=0,
            end_s=1,
            keyframes=[Keyframe(time_s=0, points=[(0, 0)])],
        )
    with pytest.raises(ValueError):
        ManualMask(
            id="a",
            shape="polygon",
            start_s=0,
            end_s=1,
            keyframes=[
                Keyframe(time_s=0, points=[(0, 0), (1, 0), (1, 1)]),
                Keyframe(time_s=1, points=[(0, 0), (1, 0), (1, 1), (0, 1)]),
            ],
        )


def test_nms_keeps_the_best_of_overlapping_boxes() -> None:
    boxes = np.array([[0, 0, 10, 10, 0.9], [1, 1, 11, 11, 0.8], [50, 50, 60, 60, 0.7]], np.float32)
    assert nms(boxes, 0.3) == [0, 2]


@pytest.mark.parametrize("style", ["blur", "pixelate", "fill"])
def test_styles_change_only_the_region(style: str) -> None:
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (60, 80, 3), dtype=np.uint8)
    before = pixels.copy()
    draw([Plane(pixels, 1, (0, 0, 0))], [Shape((20, 10, 60, 50))], style)  # type: ignore[arg-type]
    inside, outside = np.zeros(pixels.shape[:2], bool), None
    inside[10:50, 20:60] = True
    outside = ~inside
    assert np.array_equal(pixels[outside], before[outside])
    # Detail is gone: the masked region is far smoother than the noise it replaced.
    assert np.abs(np.diff(pixels[10:50, 20:60].astype(int), axis=1)).mean() < 25


def test_a_tracks_hits_and_misses_are_what_the_detector_said() -> None:
    # Found on 0 and 36, bridged over the runs at 12 and 24 that did not find it.
    detections = {f: np.zeros((0, 5)) for f in (0, 12, 24, 36, 48)}
    detections[0] = np.array([[10, 10, 30, 30, 0.9]])
    detections[36] = np.array([[11, 10, 31, 30, 0.6]])
    [track] = chain(detections, {})
    assert hits(track) == {0: 0.9, 36: 0.6}
    assert misses(track, sorted(detections)) == [12, 24]
