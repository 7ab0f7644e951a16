"""Score masks against the face ground truth of /work/shared/data/faces (see its README).

A ground-truth face counts as masked on a frame when its centre lies inside one of that
frame's mask rectangles, or a mask overlaps it with IoU >= 0.3. Size classes follow the
README: box height < 48 px, 48-96 px, >= 96 px. A false mask is a mask rectangle that
overlaps no ground-truth face on its frame."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Box = Sequence[float]
CLASSES = ("small", "medium", "large")


def size_class(box: Box) -> str:
    height = box[3] - box[1]
    return "small" if height < 48 else "medium" if height < 96 else "large"


def iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def masked(face: Box, masks: Sequence[Box]) -> bool:
    cx, cy = (face[0] + face[2]) / 2, (face[1] + face[3]) / 2
    return any((m[0] <= cx <= m[2] and m[1] <= cy <= m[3]) or iou(face, m) >= 0.3 for m in masks)


def load_truth(path: Path) -> list[list[Box]]:
    data = json.loads(path.read_text())
    return [[face["box"] for face in frame] for frame in data["frames"]]


def score(truth: list[list[Box]], masks: dict[int, list[Box]]) -> dict[str, Any]:
    hits = dict.fromkeys(("all", *CLASSES), 0)
    totals = dict.fromkeys(("all", *CLASSES), 0)
    false_masks = 0
    for index, faces in enumerate(truth):
        frame_masks = masks.get(index, [])
        for face in faces:
            ok = masked(face, frame_masks)
            for key in ("all", size_class(face)):
                totals[key] += 1
                hits[key] += ok
        false_masks += sum(1 for m in frame_masks if not any(iou(m, f) > 0 for f in faces))
    recall = {k: hits[k] / totals[k] if totals[k] else 1.0 for k in totals}
    return {
        "recall": recall,
        "faces": totals,
        "missed": {k: totals[k] - hits[k] for k in totals},
        "false_masks_per_frame": false_masks / max(len(truth), 1),
    }


def grow(box: Box, margin: float, width: int, height: int) -> list[float]:
    w, h = box[2] - box[0], box[3] - box[1]
    return [
        max(0.0, box[0] - w * margin),
        max(0.0, box[1] - h * margin),
        min(float(width), box[2] + w * margin),
        min(float(height), box[3] + h * margin),
    ]


def load_photo_truth(folder: Path) -> dict[str, list[Box]]:
    """Face boxes of the shared photos: dlib's VOC XML files plus the two single portraits."""
    import xml.etree.ElementTree as ET

    truth: dict[str, list[Box]] = {
        "obama.jpg": [[349, 142, 617, 409]],
        "astronaut.png": [[180, 80, 275, 182]],
    }
    for name in ("training.xml", "testing.xml"):
        for image in ET.parse(folder / name).getroot().iter("image"):
            boxes = truth.setdefault(str(image.get("file")), [])
            for b in image.iter("box"):
                left, top = float(b.get("left", 0)), float(b.get("top", 0))
                boxes.append(
                    [left, top, left + float(b.get("width", 0)), top + float(b.get("height", 0))]
                )
    return truth
