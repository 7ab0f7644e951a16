"""Rotated video: pictures coded sideways that a player turns upright (phone videos).

A frame's display matrix says how far a player turns it: `rotation` degrees counter-clockwise
(PyAV's `VideoFrame.rotation` and `VideoStream.set_display_rotation`, FFmpeg's
`av_display_rotation_get`; `ffmpeg` itself applies +90 as `transpose=cclock`). Detectors look
at the upright picture; boxes, masks and tracks stay in the coded frame's pixels, where
the render masks."""

from __future__ import annotations

import av
import cv2
import numpy as np
import numpy.typing as npt

from redaction.pipeline.centerface import Boxes

Image = npt.NDArray[np.uint8]
_TURNS = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}


def frame_rotation(frame: av.VideoFrame) -> int:
    """0, 90, 180 or 270: degrees counter-clockwise a player turns `frame` to show it.
    (Only the rotation is read: a matrix that also mirrors is not handled.)"""
    return round(frame.rotation / 90) % 4 * 90


def display_size(width: int, height: int, rotation: int) -> tuple[int, int]:
    """The size a player shows a `width` x `height` coded frame at."""
    return (height, width) if rotation % 180 else (width, height)


def upright(image: Image, rotation: int) -> Image:
    """`image` (rows first, as coded) turned as a player turns it; itself when not rotated."""
    if not rotation:
        return image
    return np.asarray(cv2.rotate(image, _TURNS[rotation]), np.uint8)  # 5x np.rot90's speed


def to_coded(
    points: npt.NDArray[np.float32], rotation: int, width: int, height: int
) -> npt.NDArray[np.float32]:
    """(x, y) rows given on the upright picture, in the coded frame's pixels (`width` x
    `height`)."""
    x, y = points[:, 0], points[:, 1]
    if rotation == 90:
        return np.stack([width - y, x], axis=1)
    if rotation == 180:
        return np.stack([width - x, height - y], axis=1)
    if rotation == 270:
        return np.stack([y, height - x], axis=1)
    return points


def boxes_to_coded(boxes: Boxes, rotation: int, width: int, height: int) -> Boxes:
    """(x1, y1, x2, y2, score) rows found on the upright picture, in the coded frame's pixels
    (`width` x `height`); a new array."""
    coded = boxes.copy()
    if rotation:
        a = to_coded(boxes[:, 0:2], rotation, width, height)
        b = to_coded(boxes[:, 2:4], rotation, width, height)
        coded[:, 0:2], coded[:, 2:4] = np.minimum(a, b), np.maximum(a, b)
    return coded
