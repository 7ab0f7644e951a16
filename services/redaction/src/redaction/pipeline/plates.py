"""Licence plates: text lines from a learned text detector, kept when they look like a plate.

`text_detector` (PP-OCRv4's DBNet) finds text of any kind; unlike the black-hat detector this
replaces, it does not fire on skin, hair or faces. A text line (the net joins the words of a
line, so a plate's character groups with a space between come as one) is kept as a plate when
it is shaped like a plate's characters (wider than tall, tall enough to read) and is dark ink
on a light ground (plates are retroreflective white or yellow), then grown from the characters
out to the plate's edge. Text on signs and shirts with the same look is kept too: for
redaction an extra mask is cheap, a missed plate is not. Light characters on a dark plate are
not found (see decision 0009)."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from redaction.pipeline.centerface import Boxes, nms
from redaction.pipeline.text_detector import text_boxes

MIN_HEIGHT = 8  # pixels of a text line: smaller characters cannot be read anyway
ASPECT = (1.8, 12.0)  # width / height of a plate's text line: US 2:1 plates to long EU ones
MIN_GROUND = 150  # grey level of the plate's ground around the characters
MIN_CONTRAST = 70  # ground minus ink
INK_SHARE = (0.08, 0.5)  # share of the line's pixels that are ink
GROW = (0.1, 0.5)  # from the text line to the plate: share of its width, of its height


def detect_plates(rgb: npt.NDArray[np.uint8]) -> Boxes:
    """Plates in an RGB image: (x1, y1, x2, y2, score) in its pixels."""
    gray = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), np.uint8)
    rows = []
    for line in text_boxes(rgb):
        x1, y1, x2, y2, score = line
        w, h = x2 - x1, y2 - y1
        if h < MIN_HEIGHT or not ASPECT[0] <= w / h <= ASPECT[1] or not _ink_on_light(gray, line):
            continue
        pad_x, pad_y = GROW[0] * w, GROW[1] * h
        rows.append([x1 - pad_x, y1 - pad_y, x2 + pad_x, y2 + pad_y, score])
    if not rows:
        return np.empty((0, 5), np.float32)
    boxes = np.array(rows, np.float32)
    return boxes[nms(boxes, 0.2)]


def _ink_on_light(gray: npt.NDArray[np.uint8], box: npt.NDArray[np.float32]) -> bool:
    """Dark characters on a light ground: Otsu splits the line's pixels into ink and ground."""
    height, width = gray.shape
    x1, y1 = max(0, int(box[0])), max(0, int(box[1]))
    x2, y2 = min(width, int(np.ceil(box[2]))), min(height, int(np.ceil(box[3])))
    crop = gray[y1:y2, x1:x2]
    if crop.size == 0:
        return False
    level, _ = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    ink = crop <= level
    if not INK_SHARE[0] <= ink.mean() <= INK_SHARE[1]:
        return False
    ground, dark = float(crop[~ink].mean()), float(crop[ink].mean())
    return ground >= MIN_GROUND and ground - dark >= MIN_CONTRAST
