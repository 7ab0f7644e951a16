"""Where faces seen on one keyframe should be on a later one.

Faces can move several face-widths between keyframes (camera pans, zooms), more than box
overlap or centre distance tolerates. Pyramidal Lucas-Kanade optical flow follows a 3x3 grid
of points inside each box between the two keyframes; the median point motion moves the box and
the median change of point spread rescales it. Flow runs on grey images at half the detector's
scale, with the window and pyramid depth scaled to match: the same reach (the coarsest level is
the same size) for a fifth of the cost."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from redaction.pipeline.centerface import Boxes

Gray = npt.NDArray[np.uint8]
_SHRINK = 2  # flow image pixels per detector pixel: 1/_SHRINK
_WINDOW = (11, 11)  # 21x21 at the detector's scale
_LEVELS = 3
_GRID = np.array([(gx, gy) for gy in (0.25, 0.5, 0.75) for gx in (0.25, 0.5, 0.75)], np.float32)


def flow_image(rgb: npt.NDArray[np.uint8]) -> Gray:
    """The grey image `predict` follows points on, from the detector's RGB input."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    size = (gray.shape[1] // _SHRINK, gray.shape[0] // _SHRINK)
    return np.asarray(cv2.resize(gray, size, interpolation=cv2.INTER_AREA), np.uint8)


def predict(boxes: Boxes, before: Gray, after: Gray, scale: float) -> Boxes:
    """`boxes` (frame pixels) moved from `before` to `after` (`flow_image`s of frames the
    detector saw at `1/scale` size)."""
    if len(boxes) == 0:
        return boxes
    scale *= _SHRINK
    sizes = boxes[:, 2:4] - boxes[:, 0:2]
    points = (boxes[:, None, 0:2] + sizes[:, None, :] * _GRID[None]) / scale
    flat = points.reshape(-1, 1, 2).astype(np.float32)
    moved, status, _ = cv2.calcOpticalFlowPyrLK(  # type: ignore[call-overload]
        before, after, flat, None, winSize=_WINDOW, maxLevel=_LEVELS
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
