"""Licence-plate recall on rendered plates (no plate photos with a usable licence are at hand).

How the set is built (seeded, so every run scores the same images): a plate is drawn with
Pillow — a white or yellow rounded rectangle with a dark border and 5-8 random characters
(letters and digits, DejaVu Sans Bold or Mono Bold, optional space), in EU (4.7:1) or US (2:1)
proportions; it is warped by a random perspective (up to 12% corner shift, i.e. tilted
plates), scaled to 70-260 px wide, pasted at a random place on one of the shared face photos
or on a synthetic street-like background (grey gradient, dark "car" rectangles), and the
result is blurred (sigma 0-1) and JPEG-compressed (quality 60-90). A plate counts as found
when a detection's centre lies inside its true quadrilateral's bounding box or IoU >= 0.3;
every detection overlapping no plate is a false positive. Faces are not masked here.

It also runs the detector on every 12th frame of the shared face clip synth_720p.mp4 (1280x720,
no plates: every detection there is a false mask) and reports CPU and wall time per call on
those frames, with the load average (the machine is shared)."""

from __future__ import annotations

import io
import json
import os
import random
import resource
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path

import av
import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scoring import iou, masked  # noqa: E402

FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
]
PHOTOS = Path("/work/shared/data/faces/photos")
CLIP = Path("/work/shared/data/faces/video/synth_720p.mp4")


def plate(rng: random.Random) -> Image.Image:
    eu = rng.random() < 0.6
    w, h = (470, 100) if eu else (300, 150)
    img = Image.new("RGB", (w, h), (0, 0, 0))
    draw = ImageDraw.Draw(img)
    colour = (250, 250, 245) if rng.random() < 0.7 else (250, 210, 40)
    draw.rounded_rectangle(
        (2, 2, w - 3, h - 3), radius=10, fill=colour, outline=(20, 20, 20), width=5
    )
    n = rng.randint(5, 8)
    text = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(n))
    if rng.random() < 0.5:
        text = text[: n // 2] + " " + text[n // 2 :]
    size = int(h * (0.62 if eu else 0.5))
    font = ImageFont.truetype(rng.choice(FONTS), size)
    while draw.textlength(text, font=font) > w * 0.86:
        size -= 2
        font = ImageFont.truetype(font.path, size)
    tw = draw.textlength(text, font=font)
    draw.text(((w - tw) / 2, (h - size) / 2 - size * 0.1), text, fill=(15, 15, 20), font=font)
    return img


def scene(rng: random.Random, photos: list[Path]) -> Image.Image:
    if photos and rng.random() < 0.6:
        img = Image.open(rng.choice(photos)).convert("RGB")
        return img.resize((img.width * 2, img.height * 2)) if img.width < 600 else img
    w, h = 960, 640
    ramp = np.linspace(60, 200, h, dtype=np.float32)[:, None, None] * np.ones((1, w, 3), np.float32)
    img = Image.fromarray(ramp.astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randint(1, 3)):
        x, y = rng.randint(0, w - 300), rng.randint(h // 3, h - 150)
        shade = rng.randint(20, 140)
        draw.rectangle(
            (x, y, x + rng.randint(200, 380), y + rng.randint(100, 200)),
            fill=(shade, shade, shade + 10),
        )
    return img


def paste(rng: random.Random, base: Image.Image, tag: Image.Image) -> list[float]:
    width = rng.randint(70, 260)
    height = round(width * tag.height / tag.width)
    src = np.array([[0, 0], [tag.width, 0], [tag.width, tag.height], [0, tag.height]], np.float32)
    jitter = [
        (rng.uniform(-0.12, 0.12) * width, rng.uniform(-0.12, 0.12) * height) for _ in range(4)
    ]
    x0, y0 = (
        rng.randint(20, max(21, base.width - width - 40)),
        rng.randint(20, max(21, base.height - height - 40)),
    )
    corners = (
        np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
        + np.array(jitter, np.float32)
        + np.array([x0, y0], np.float32)
    )
    matrix = cv2.getPerspectiveTransform(src, corners)
    canvas = np.array(base)
    warped = cv2.warpPerspective(np.array(tag), matrix, (base.width, base.height))
    inside = cv2.warpPerspective(
        np.full((tag.height, tag.width), 255, np.uint8), matrix, (base.width, base.height)
    )
    canvas[inside > 127] = warped[inside > 127]
    base.paste(Image.fromarray(canvas))
    return [
        float(corners[:, 0].min()),
        float(corners[:, 1].min()),
        float(corners[:, 0].max()),
        float(corners[:, 1].max()),
    ]


def build(count: int, seed: int = 6) -> list[tuple[np.ndarray, list[float]]]:
    rng = random.Random(seed)
    photos = sorted(PHOTOS.glob("*.jpg")) if PHOTOS.exists() else []
    samples = []
    for _ in range(count):
        base = scene(rng, photos)
        box = paste(rng, base, plate(rng))
        base = base.filter(ImageFilter.GaussianBlur(rng.uniform(0, 1.0)))
        buf = io.BytesIO()
        base.save(buf, format="JPEG", quality=rng.randint(60, 90))
        samples.append((np.array(Image.open(buf).convert("RGB")), box))
    return samples


def recall(detect: Callable[[np.ndarray], np.ndarray], count: int) -> dict[str, float]:
    samples = build(count)
    found = false = 0
    for rgb, box in samples:
        boxes = [list(map(float, b[:4])) for b in detect(rgb)]
        found += masked(box, boxes)
        false += sum(1 for b in boxes if iou(b, box) == 0)
    return {
        "images": len(samples),
        "recall": found / len(samples),
        "false_positives_per_image": false / len(samples),
    }


def face_clip(detect: Callable[[np.ndarray], np.ndarray], every: int = 12) -> dict[str, float]:
    """False plates on keyframes of a plate-free clip, and the cost of one call at 720p."""
    with av.open(str(CLIP)) as container:
        frames = [
            f.to_ndarray(format="rgb24")
            for i, f in enumerate(container.decode(video=0))
            if i % every == 0
        ]
    detect(frames[0])  # load the network outside the timing
    cpu, wall = _cpu_seconds(), time.perf_counter()
    counts = [len(detect(rgb)) for rgb in frames]
    cpu, wall = _cpu_seconds() - cpu, time.perf_counter() - wall
    # Video analysis passes the frame as the face detector saw it: 768x448 for 720p.
    analysed = [
        len(detect(cv2.resize(rgb, (768, 448), interpolation=cv2.INTER_AREA))) for rgb in frames
    ]
    return {
        "frames": len(frames),
        "false_plates_per_frame": sum(counts) / len(frames),
        "frames_with_false_plates": sum(1 for c in counts if c),
        "false_plates_per_frame_at_768x448": sum(analysed) / len(frames),
        "cpu_ms_per_call_720p": 1000 * cpu / len(frames),
        "wall_ms_per_call_720p": 1000 * wall / len(frames),
        "load_average_1min": os.getloadavg()[0],
    }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    from redaction.pipeline.plates import detect_plates

    report = recall(detect_plates, int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    if CLIP.exists():
        report |= face_clip(detect_plates)
    print(json.dumps(report, indent=2))
    out = HERE.parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"plates-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
