"""Photos (JPEG, PNG) through the same analyse/render calls: one frame, same format out.

Photos are cheap compared to video, so the detector looks at two scales — the photo at up to
1600 px, and up-scaled 2x when it is small — and the detections are merged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps

from redaction.domain.media import Analysis, MaskRecord, MediaError, RenderPlan, Track
from redaction.pipeline.centerface import Boxes, nms
from redaction.pipeline.detect import DetectorConfig, FrameDetector
from redaction.pipeline.masks import Plane, draw
from redaction.pipeline.plates import detect_plates
from redaction.pipeline.probe import IMAGE_FORMATS, image_info
from redaction.pipeline.progress import Reporter
from redaction.pipeline.schedule import Schedule
from redaction.pipeline.thumbnails import crop_rgb, thumbnail
from redaction.pipeline.track import RawTrack

MAX_SIDE = 1600
UPSCALE_BELOW = 800  # photos smaller than this are also searched at twice their size


def load(src: Path) -> Image.Image:
    """The photo as displayed (EXIF orientation applied), RGB or RGBA."""
    try:
        with Image.open(src) as img:
            img.load()
            shown = ImageOps.exif_transpose(img)
    except (OSError, ValueError) as exc:
        raise MediaError(f"unreadable image: {exc}") from exc
    return shown.convert("RGBA" if "A" in shown.getbands() else "RGB")


def detect_photo(rgb: npt.NDArray[np.uint8], config: DetectorConfig) -> Boxes:
    height, width = rgb.shape[:2]
    sides = {min(max(width, height), MAX_SIDE)}
    if max(width, height) < UPSCALE_BELOW:
        sides.add(2 * max(width, height))
    found = []
    for side in sorted(sides):
        detector = FrameDetector(
            DetectorConfig(long_side=side, threshold=config.threshold, backend=config.backend),
            width,
            height,
            allow_upscale=True,
        )
        found.append(detector.on_rgb(rgb))
    boxes = np.concatenate(found)
    return boxes[nms(boxes, 0.3)] if len(boxes) else boxes


def analyse_photo(src: Path, fmt: str, config: DetectorConfig, reporter: Reporter) -> Analysis:
    media = image_info(src, fmt)
    image = load(src)
    reporter.tick(0)
    rgb = np.asarray(image.convert("RGB"))
    boxes = detect_photo(rgb, config)
    crops = crop_rgb(0, rgb, boxes)
    tracks = []
    for d, row in enumerate(boxes):
        raw = RawTrack({0: tuple(map(float, row[:4]))}, [float(row[4])], [(0, d)])  # type: ignore[arg-type]
        tracks.append(
            Track(
                id=d + 1,
                kind="face",
                boxes=raw.seen,
                score=float(row[4]),
                thumbnail_jpeg=thumbnail(raw, crops),
            )
        )
    if config.plates:
        plates = detect_plates(rgb)
        plate_crops = crop_rgb(0, rgb, plates)
        for d, row in enumerate(plates):
            raw = RawTrack({0: tuple(map(float, row[:4]))}, [float(row[4])], [(0, d)])  # type: ignore[arg-type]
            tracks.append(
                Track(
                    id=len(tracks) + 1,
                    kind="plate",
                    boxes=raw.seen,
                    score=float(row[4]),
                    thumbnail_jpeg=thumbnail(raw, plate_crops),
                )
            )
    reporter.tick(1, force=True)
    media = media.model_copy(update={"width": image.width, "height": image.height})
    return Analysis(media=media, tracks=tracks)


def render_photo(
    src: Path, tmp: Path, analysis: Analysis, plan: RenderPlan
) -> tuple[int, list[MaskRecord]]:
    fmt = analysis.media.video_codec
    image = load(src)
    pixels = np.array(image)
    schedule = Schedule(analysis, plan)
    fill = (0, 0, 0, 255)[: pixels.shape[2]]
    draw([Plane(pixels, 1, fill)], schedule.shapes(0, 0.0), plan.style)
    out = Image.fromarray(pixels, image.mode)
    # Saved without the source's metadata (EXIF may hold GPS positions or device ids).
    if fmt == IMAGE_FORMATS["JPEG"]:
        out.save(tmp, format="JPEG", quality=92)
    else:
        out.save(tmp, format="PNG")
    return 1, schedule.records()
