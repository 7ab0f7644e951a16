"""Licence-plate detector: morphology and glyph rows, no model weights.

OpenCV 5's wheels ship no Haar cascades (the old Russian-plate cascade is gone) and no plate
model ships in a package we can use, so plates are found the classic way: a plate is a row of
dark characters on a light ground. Black-hat filtering at two kernel sizes brings out dark
strokes; connected parts shaped like characters are chained with neighbours of the same height
on the same line; a chain of at least four is a text row, grown to the plate around it."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from redaction.pipeline.centerface import Boxes, nms

KERNELS = (15, 31)  # black-hat sizes: strokes of small and large plates
MIN_GLYPHS = 4
MIN_HEIGHT = 7  # pixels: smaller characters cannot be read anyway


def detect_plates(rgb: npt.NDArray[np.uint8]) -> Boxes:
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    rows: list[list[float]] = []
    for size in KERNELS:
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
        blackhat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel)
        _, ink = cv2.threshold(blackhat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        rows += _text_rows(_glyphs(np.asarray(ink, np.uint8), max_height=2 * size))
    if not rows:
        return np.empty((0, 5), np.float32)
    boxes = np.array(rows, np.float32)
    return boxes[nms(boxes, 0.2)]


def _glyphs(ink: npt.NDArray[np.uint8], max_height: int) -> npt.NDArray[np.float64]:
    """(x, y, w, h) of dark parts shaped like characters: taller than wide, solid enough."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    s = stats[1:count].astype(np.float64)
    x, y, w, h, area = s[:, 0], s[:, 1], s[:, 2], s[:, 3], s[:, 4]
    keep = (h >= MIN_HEIGHT) & (h <= max_height) & (w <= 1.1 * h) & (w >= 0.1 * h)
    keep &= area >= 0.2 * w * h
    return np.stack([x, y, w, h], axis=1)[keep]


def _text_rows(glyphs: npt.NDArray[np.float64]) -> list[list[float]]:
    """Chains of at least MIN_GLYPHS glyphs, grown from the text out to the plate's edge."""
    rows = []
    for members in _chains(glyphs[np.argsort(glyphs[:, 0])] if len(glyphs) else glyphs):
        x1, y1 = members[:, 0].min(), members[:, 1].min()
        x2, y2 = (members[:, 0] + members[:, 2]).max(), (members[:, 1] + members[:, 3]).max()
        if len(members) < MIN_GLYPHS or (x2 - x1) < 2 * (y2 - y1):
            continue
        pad_x, pad_y = 0.1 * (x2 - x1), 0.5 * (y2 - y1)
        score = min(1.0, 0.4 + 0.08 * len(members))
        rows.append([x1 - pad_x, y1 - pad_y, x2 + pad_x, y2 + pad_y, score])
    return rows


def _chains(glyphs: npt.NDArray[np.float64]) -> list[npt.NDArray[np.float64]]:
    """Group glyphs (sorted by x) linked to a neighbour of the same height on the same line."""
    parent = list(range(len(glyphs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (x, y, w, h) in enumerate(glyphs):
        for j in range(i + 1, len(glyphs)):
            xj, yj, _, hj = glyphs[j]
            gap = xj - (x + w)
            if gap > 1.2 * h:
                break
            same_line = abs((y + h / 2) - (yj + hj / 2)) < 0.3 * h
            if gap > -0.2 * h and same_line and 0.75 <= hj / h <= 1.33:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(glyphs)):
        groups.setdefault(root(i), []).append(i)
    return [glyphs[members] for members in groups.values()]
