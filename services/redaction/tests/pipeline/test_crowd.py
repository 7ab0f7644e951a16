"""Recall on a small synthetic crowd (bench/redaction/crowd.py), against the generator's truth.

The clip is generated here from the shared face photos: 640x360, 60 frames, a cut at frame 30,
40-60 people on screen with 10-32 px faces (a 720p crowd's 12-60 px, about halved with the
frame). The benchmark's 720p crowds are masked at 95% of the generator's faces (99.3% of its
full-resolution reference's); this asserts a margin below what this clip measures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from redaction.domain.media import RenderPlan
from redaction.pipeline import analyse, render

from .conftest import REPO

pytestmark = pytest.mark.integration


def _crowd() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_crowd", REPO / "bench/redaction/crowd.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


def test_small_crowd_recall(faces: Path, tmp_path: Path, scoring: ModuleType) -> None:
    crowd = _crowd()
    spec = crowd.CrowdSpec(
        seed=7, width=640, height=360, frames=60, scene_frames=30, people=(40, 60), face_px=(10, 32)
    )
    clip = crowd.generate(spec, tmp_path / "crowd.mp4")
    truth = scoring.load_truth(tmp_path / "crowd_gt.json")
    analysis = analyse(clip, on_progress=lambda _: None, cancelled=lambda: False)
    result = render(
        clip,
        tmp_path / "out.mp4",
        analysis,
        RenderPlan(),
        on_progress=lambda _: None,
        cancelled=lambda: False,
    )
    masks: dict[int, list] = {}
    for record in result.masks:
        for frame, box in zip(record.frames, record.boxes, strict=True):
            masks.setdefault(frame, []).append(box)
    scored = scoring.score(truth, masks)
    assert scored["faces"]["all"] > 1500, scored  # a crowd, not a handful
    # Measured 92.1%: 7 misses in 10 are faces under 12 px (86% of those masked), which
    # CenterFace misses even when it runs on every frame at full size (the benchmark's
    # reference misses 1 in 6 of the 720p crowds' 12-15 px faces).
    assert scored["recall"]["all"] >= 0.88, scored
