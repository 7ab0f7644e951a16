"""Draw masks (blur, pixelate, solid fill) on image planes.

Video frames are masked in their native YUV 4:2:0 planes — no RGB round trip — so one mask is
drawn on the full-resolution luma plane and on both half-resolution chroma planes; a photo is a
single RGB plane. Blur and pixelate work by shrinking the region to a few cells and scaling it
back up: cost grows with the region's area only, and no face detail survives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

from redaction.domain.media import Box, Point

Style = Literal["blur", "pixelate", "fill"]
Image = npt.NDArray[np.uint8]
CELLS = 8  # a masked region keeps at most this many cells across its shorter side


@dataclass(frozen=True)
class Plane:
    pixels: Image  # (h, w) or (h, w, c), modified in place
    step: int  # subsampling: 1 for luma or RGB, 2 for 4:2:0 chroma
    fill: tuple[int, ...]  # the solid-fill colour in this plane's units


@dataclass(frozen=True)
class Shape:
    box: Box  # bounding box in full-resolution pixels
    polygon: tuple[Point, ...] | None = None  # None: the box itself


def yuv420_planes(y: Image, u: Image, v: Image) -> list[Plane]:
    """The luma and chroma planes of a YUV 4:2:0 frame (views, drawn on in place)."""
    return [Plane(y, 1, (16,)), Plane(u, 2, (128,)), Plane(v, 2, (128,))]


def grow(box: Box, margin: float) -> Box:
    w, h = box[2] - box[0], box[3] - box[1]
    return (box[0] - w * margin, box[1] - h * margin, box[2] + w * margin, box[3] + h * margin)


def clip(box: Box, width: int, height: int) -> Box:
    return (
        min(max(box[0], 0.0), width),
        min(max(box[1], 0.0), height),
        min(max(box[2], 0.0), width),
        min(max(box[3], 0.0), height),
    )


def draw(planes: list[Plane], shapes: list[Shape], style: Style) -> None:
    for shape in shapes:
        for plane in planes:
            _draw_one(plane, shape, style)


def _draw_one(plane: Plane, shape: Shape, style: Style) -> None:
    s = plane.step
    x1, y1 = int(shape.box[0] // s), int(shape.box[1] // s)
    x2, y2 = int(-(-shape.box[2] // s)), int(-(-shape.box[3] // s))
    region = plane.pixels[y1:y2, x1:x2]
    if region.size == 0:
        return
    styled = _styled(region, style, plane.fill)
    if shape.polygon is None:
        region[...] = styled
        return
    inside = np.zeros(region.shape[:2], np.uint8)
    points = np.array([[(x / s - x1), (y / s - y1)] for x, y in shape.polygon], np.float64)
    cv2.fillPoly(inside, [np.round(points * 16).astype(np.int32)], 1, cv2.LINE_8, shift=4)
    region[inside.astype(bool)] = styled[inside.astype(bool)]


def _styled(region: Image, style: Style, fill: tuple[int, ...]) -> Image:
    h, w = region.shape[:2]
    if style == "fill":
        return np.broadcast_to(np.array(fill, np.uint8), region.shape)
    cell = max(2, min(h, w) // CELLS)
    small = cv2.resize(
        region, (max(1, -(-w // cell)), max(1, -(-h // cell))), interpolation=cv2.INTER_AREA
    )
    if style == "pixelate":
        big = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
    else:
        big = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        # A Gaussian blur; as a separable float filter it is several times faster than
        # cv2.GaussianBlur's bit-exact 8-bit path, and differs from it by at most one level.
        gauss = cv2.getGaussianKernel(max(3, (cell | 1)), 0)
        big = cv2.sepFilter2D(big, -1, gauss, gauss)
    return np.asarray(big, np.uint8).reshape(region.shape)
