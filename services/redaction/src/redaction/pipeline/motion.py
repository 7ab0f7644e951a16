"""Where faces seen on one keyframe should be on a later one.

Faces can move several face-widths between keyframes (camera pans, zooms), more than box
overlap or centre distance tolerates. Pyramidal Lucas-Kanade optical flow follows a 3x3 grid
of points inside each box between the two (small, grey) keyframes; the median point motion
moves the box and the median change of point spread rescales it."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from redaction.pipeline.centerface import Boxes

Gray = npt.NDArray[np.uint8]
_GRID = np.array([(gx, gy) for gy in (0.25, 0.5, 0.75) for gx in (0.25, 0.5, 0.75)], np.float32)


def predict(boxes: Boxes, before: Gray, after: Gray, scale: float) -> Boxes:
    """`boxes` (frame pixels) moved from `before` to `after` (grey images at `1/scale` size)."""
    if len(boxes) == 0:
        return boxes
    sizes = boxes[:, 2:4] - boxes[:, 0:2]
    points = (boxes[:, None, 0:2] + sizes[:, None, :] * _GRID[None]) / scale
    flat = points.reshape(-1, 1, 2).astype(np.float32)
    moved, status, _ = cv2.calcOpticalFlowPyrLK(  # type: ignore[call-overload]
        before, after, flat, None, winSize=(21, 21), maxLevel=4
    )
    moved, status = np.asarray(moved), np.asarray(status)
    moved = moved.reshape(points.shape) * scale
    ok = status.reshape(points.shape[:2]).astype(bool)
    result = boxes.copy()
    for i in range(len(boxes)):
        if ok[i].sum() < 3:
            continue  # lost: keep the box where it was
        src, dst = points[i][ok[i]] * scale, moved[i][ok[i]]
        shift = np.median(dst - src, axis=0)
        spread_src = np.linalg.norm(src - src.mean(axis=0), axis=1)
        spread_dst = np.linalg.norm(dst - dst.mean(axis=0), axis=1)
        zoom = float(np.clip(np.median(spread_dst) / max(np.median(spread_src), 1e-3), 0.5, 2.0))
        centre = (boxes[i, 0:2] + boxes[i, 2:4]) / 2 + shift
        half = sizes[i] * zoom / 2
        result[i, 0:2], result[i, 2:4] = centre - half, centre + half
    return result
