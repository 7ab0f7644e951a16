"""Face and plate crops taken at detection time, and one JPEG thumbnail per track for the
reviewer."""

from __future__ import annotations

import av
import cv2
import numpy as np
import numpy.typing as npt

from redaction.pipeline.centerface import Boxes
from redaction.pipeline.orientation import frame_rotation, upright
from redaction.pipeline.track import RawTrack

Crops = dict[tuple[int, int], tuple[float, npt.NDArray[np.uint8]]]  # (frame, det) -> (rank, rgb)
THUMB_SIDE = 128


def crop_boxes(index: int, frame: av.VideoFrame, *box_sets: Boxes) -> list[Crops]:
    """Crops of each set of boxes (coded-frame pixels: faces, plates), turned upright for the
    reviewer, from one RGB conversion of the frame."""
    if not any(len(boxes) for boxes in box_sets):
        return [{} for _ in box_sets]
    rgb = np.asarray(frame.to_ndarray(format="rgb24"), np.uint8)
    return [crop_rgb(index, rgb, boxes, frame_rotation(frame)) for boxes in box_sets]


def crop_rgb(index: int, rgb: npt.NDArray[np.uint8], boxes: Boxes, rotation: int = 0) -> Crops:
    """Crops of `boxes` on `rgb`, turned by `rotation` (see `orientation`), at most
    `THUMB_SIDE` pixels, ranked for the track's thumbnail."""
    height, width = rgb.shape[:2]
    crops: Crops = {}
    for d, (x1, y1, x2, y2, score) in enumerate(boxes):
        pad_x, pad_y = (x2 - x1) * 0.25, (y2 - y1) * 0.25
        left, top = max(0, int(x1 - pad_x)), max(0, int(y1 - pad_y))
        right, bottom = min(width, int(x2 + pad_x) + 1), min(height, int(y2 + pad_y) + 1)
        if right <= left or bottom <= top:
            continue
        crop = rgb[top:bottom, left:right]
        factor = THUMB_SIDE / max(crop.shape[:2])
        if factor < 1:
            crop = np.asarray(
                cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), np.uint8
            )
        rank = float(score) * min(x2 - x1, y2 - y1)  # prefer confident, large views
        crops[(index, d)] = (rank, np.ascontiguousarray(upright(crop, rotation)))
    return crops


def thumbnail(track: RawTrack, crops: Crops) -> bytes:
    candidates = [crops[ref] for ref in track.refs if ref in crops]
    if not candidates:
        return b""
    _, rgb = max(candidates, key=lambda c: c[0])
    ok, jpeg = cv2.imencode(
        ".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 85]
    )
    return jpeg.tobytes() if ok else b""
