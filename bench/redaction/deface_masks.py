"""Run inside bench/redaction/.venv: deface's own detector and mask geometry on every frame.

Writes {frame index: [mask boxes]} as JSON. The boxes are exactly the rectangles deface's
`anonymize_frame` blurs (its CenterFace detections at the default threshold, grown by its
default `--mask-scale` with its `scale_bb`, clipped like it does); deface blurs the ellipse
inscribed in each, which the score treats as the full box (slightly in deface's favour)."""

from __future__ import annotations

import json
import sys

import imageio.v2 as imageio
from deface.centerface import CenterFace
from deface.deface import scale_bb

THRESHOLD, MASK_SCALE = 0.2, 1.3  # deface 1.5.0 CLI defaults


def main(src: str, dst: str, scale: str | None) -> None:
    in_shape = tuple(int(v) for v in scale.split("x")) if scale else None
    centerface = CenterFace(in_shape=in_shape, backend="auto")
    masks = {}
    reader = imageio.get_reader(src)
    for index, frame in enumerate(reader.iter_data()):
        dets, _ = centerface(frame, threshold=THRESHOLD)
        height, width = frame.shape[:2]
        boxes = []
        for x1, y1, x2, y2, _score in dets:
            x1, y1, x2, y2 = scale_bb(x1, y1, x2, y2, MASK_SCALE)
            boxes.append([max(0, x1), max(0, y1), min(width - 1, x2), min(height - 1, y2)])
        masks[index] = [[float(v) for v in b] for b in boxes]
    with open(dst, "w") as f:
        json.dump(masks, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
