"""Phone videos coded sideways with a display rotation: faces are found on the upright picture,
boxes and masks land on the coded frame, the redacted copy plays turned like the original, and
manual masks drawn on the displayed picture land where they were drawn."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import av
import numpy as np
import pytest
from redaction.domain.media import Analysis, Keyframe, ManualMask, RenderPlan, RenderResult
from redaction.pipeline import analyse, render
from redaction.pipeline.orientation import boxes_to_coded, upright
from redaction.pipeline.thumbnails import crop_rgb

FRAMES = 24
W, H = 1280, 720  # the shared clip, as a player shows it
MANUAL = [100.0, 50.0, 400.0, 250.0]  # drawn on the first frame as a player shows it


def _coded_box(box: list[float], rotation: int, width: int = W, height: int = H) -> list[float]:
    """A box on a `width` x `height` displayed picture, on a frame coded turned by -rotation
    (shown turned by +rotation, counter-clockwise). Written out by hand, not with the code
    under test."""
    if rotation == 90:
        return [height - box[3], box[0], height - box[1], box[2]]
    assert rotation == 270
    return [box[1], width - box[2], box[3], width - box[0]]


@dataclass(frozen=True)
class Rotated:
    rotation: int
    src: Path
    dst: Path
    truth: list[list[list[float]]]  # faces per frame, coded-frame pixels
    analysis: Analysis
    result: RenderResult


def _turned_clip(faces: Path, dst: Path, rotation: int) -> None:
    """The clip's first frames coded turned by -rotation, with a display rotation that turns
    them back: what a phone writes."""
    with av.open(str(faces / "video" / "synth_720p.mp4")) as inp, av.open(str(dst), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = H, W, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "18"}
        stream.set_display_rotation(rotation)
        for index, frame in enumerate(inp.decode(video=0)):
            if index == FRAMES:
                break
            coded = np.ascontiguousarray(
                np.rot90(frame.to_ndarray(format="rgb24"), -rotation // 90)
            )
            out.mux(stream.encode(av.VideoFrame.from_ndarray(coded, format="rgb24")))
        out.mux(stream.encode(None))


def _run(src: Path, dst: Path) -> tuple[Analysis, RenderResult]:
    analysis = analyse(src, on_progress=lambda _: None, cancelled=lambda: False)
    manual = ManualMask(
        id="drawn",
        shape="rect",
        start_s=0.0,
        end_s=0.0,  # the first frame only: the other frames show the auto masks alone
        keyframes=[Keyframe(time_s=0.0, points=[(MANUAL[0], MANUAL[1]), (MANUAL[2], MANUAL[3])])],
    )
    plan = RenderPlan(style="fill", manual_masks=[manual])
    result = render(src, dst, analysis, plan, on_progress=lambda _: None, cancelled=lambda: False)
    return analysis, result


@pytest.fixture(scope="module", params=[90, 270])
def rotated(
    request: pytest.FixtureRequest,
    faces: Path,
    tmp_path_factory: pytest.TempPathFactory,
    scoring: ModuleType,
) -> Rotated:
    rotation = int(request.param)
    folder = tmp_path_factory.mktemp(f"rotated{rotation}")
    src, dst = folder / "phone.mp4", folder / "redacted.mp4"
    _turned_clip(faces, src, rotation)
    truth = scoring.load_truth(faces / "video" / "synth_720p_gt.json")[:FRAMES]
    coded = [[_coded_box(face, rotation) for face in frame] for frame in truth]
    analysis, result = _run(src, dst)
    return Rotated(rotation, src, dst, coded, analysis, result)


def _luma(path: Path) -> tuple[list[int], list[np.ndarray]]:
    """Every frame's display rotation and luma plane (coded)."""
    rotations, planes = [], []
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            rotations.append(frame.rotation)
            planes.append(frame.to_ndarray(format="yuv420p")[: frame.height])
    return rotations, planes


@pytest.mark.unit
@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_boxes_on_the_upright_picture_map_back_to_the_coded_frame(rotation: int) -> None:
    coded = np.zeros((60, 100), np.uint8)
    coded[10:20, 30:70] = 255  # a 40 x 10 bar at x 30-70, y 10-20
    turned = upright(coded, rotation)
    rows, cols = np.nonzero(turned)
    found = np.array([[cols.min(), rows.min(), cols.max() + 1, rows.max() + 1, 1.0]], np.float32)
    back = boxes_to_coded(found, rotation, 100, 60)
    assert back[0].tolist() == [30, 10, 70, 20, 1.0]


@pytest.mark.unit
def test_thumbnail_crops_are_upright() -> None:
    shown = np.random.default_rng(1).integers(0, 255, (60, 100, 3), np.uint8)
    coded = np.ascontiguousarray(np.rot90(shown, -1))  # a player turns it back by +90
    box = [20.0, 10.0, 60.0, 40.0]
    on_coded = np.array([[*_coded_box(box, 90, 100, 60), 0.9]], np.float32)
    expected = crop_rgb(0, shown, np.array([[*box, 0.9]], np.float32))[(0, 0)][1]
    assert np.array_equal(crop_rgb(0, coded, on_coded, 90)[(0, 0)][1], expected)


@pytest.mark.integration
def test_sideways_faces_are_found(rotated: Rotated, scoring: ModuleType) -> None:
    masks: dict[int, list] = {}
    for track in rotated.analysis.tracks:
        for frame, box in track.boxes.items():
            masks.setdefault(frame, []).append(box)
    result = scoring.score(rotated.truth, masks)
    assert result["recall"]["all"] >= 0.95, result
    media = rotated.analysis.media
    assert (media.width, media.height) == (W, H)  # as shown, like a photo's size


@pytest.mark.integration
def test_redacted_copy_keeps_the_rotation_and_masks_the_faces(
    rotated: Rotated, scoring: ModuleType
) -> None:
    rotations, planes = _luma(rotated.dst)
    assert [r % 360 for r in rotations] == [rotated.rotation] * FRAMES  # read as -180..180
    assert planes[0].shape == (W, H)  # coded sideways, like the source
    covered = total = 0
    for plane, faces in zip(planes[1:], rotated.truth[1:], strict=True):
        for x1, y1, x2, y2 in faces:
            centre = plane[int((y1 + y2) / 2), int((x1 + x2) / 2)]
            covered += abs(int(centre) - 16) <= 12  # the fill's black
            total += 1
    assert covered / total >= 0.95, f"{covered}/{total} faces masked"
    auto: dict[int, list] = {}
    for record in rotated.result.masks:
        if record.kind == "auto":
            for frame, box in zip(record.frames, record.boxes, strict=True):
                auto.setdefault(frame, []).append(box)
    assert scoring.score(rotated.truth, auto)["recall"]["all"] >= 0.95


@pytest.mark.integration
def test_manual_mask_lands_where_it_was_drawn(rotated: Rotated) -> None:
    (record,) = [r for r in rotated.result.masks if r.kind == "manual"]
    assert record.boxes[0] == pytest.approx(_coded_box(MANUAL, rotated.rotation))
    _, planes = _luma(rotated.dst)
    shown = np.rot90(planes[0], rotated.rotation // 90)  # as a player turns it
    x1, y1, x2, y2 = (int(v) for v in MANUAL)
    assert np.abs(shown[y1 + 4 : y2 - 4, x1 + 4 : x2 - 4].astype(int) - 16).max() <= 12
