"""Plates on rendered plate images (the benchmark's generator; see bench/redaction/plates.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image
from redaction.pipeline import analyse
from redaction.pipeline.plates import detect_plates

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[4]


def _generator() -> ModuleType:
    import sys

    sys.path.insert(0, str(REPO / "bench/redaction"))  # plates.py imports its sibling scoring
    spec = importlib.util.spec_from_file_location(
        "bench_plates", REPO / "bench/redaction/plates.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def samples() -> list:
    return _generator().build(16, seed=11)


def test_rendered_plates_found(samples: list, scoring: ModuleType) -> None:
    found = sum(
        scoring.masked(box, [list(map(float, b[:4])) for b in detect_plates(rgb)])
        for rgb, box in samples
    )
    assert found / len(samples) >= 0.5  # the benchmark measures about 0.67 on its set


def test_photo_analysis_reports_plate_tracks(samples: list, tmp_path: Path) -> None:
    rgb = next(rgb for rgb, _ in samples if len(detect_plates(rgb)))
    src = tmp_path / "car.png"
    Image.fromarray(rgb).save(src)
    analysis = analyse(src, on_progress=lambda _: None, cancelled=lambda: False)
    plates = [t for t in analysis.tracks if t.kind == "plate"]
    assert plates and analysis.media.kind == "image"
