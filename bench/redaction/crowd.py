"""Synthetic street-crowd clips, their generator ground truth and their CenterFace reference.

    .venv/bin/python bench/redaction/crowd.py [--out DIR]   # writes every CROWDS clip

No licensed real crowd video can be fetched here, so the crowds are built, deterministically
from a seed, out of the licensed stills in /work/shared/data/faces/photos (the 9 PASCAL VOC
photos with dlib's public-domain face boxes, obama.jpg, astronaut.png; see that README):

- background: each photo with its annotated faces (grown 1.8x) smeared out (filled from the
  photo shrunk 16x) and blurred, cut into pieces that are scaled up, flipped and laid side by
  side into a strip wider than the frame; the camera pans along it. Whatever CenterFace still
  finds on the strip (threshold 0.2) is blurred again until it finds nothing, so the
  background holds no face.
- people: one of the 47 annotated faces with its head and shoulders (an oval alpha cut-out;
  other annotated faces in the crop are cut away), scaled so the face box is 12-60 px tall
  (most small), placed lower in the frame the bigger it is (perspective), walking left or
  right at its own speed with a slight bob, its brightness drifting; nearer people are drawn
  over farther ones. Three dark lamp posts and an out-of-focus passer-by cross in front.
- scenes: a cut every `scene_frames` frames to a new strip, crowd and pan speed.

Ground truth: each pasted face box (clipped to the frame) on every frame where at least half
of it is visible (`visible` says how much). The reference is what the issue asks for: the
pipeline's own CenterFace (`pipeline/centerface.py`, threshold 0.35) run at full resolution
(the frame padded to a multiple of 32, never scaled) on every frame; its boxes are the faces."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
import numpy.typing as npt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scoring import Box, load_photo_truth  # noqa: E402

DATA = Path(os.environ.get("FACES_DATA", "/work/shared/data/faces"))
CACHE = Path(os.environ.get("CROWD_CACHE", HERE.parent / "results" / "crowd-clips"))
VERSION = 2  # bump when the generator changes: cached clips and references are rebuilt
REFERENCE_THRESHOLD = 0.35  # the pipeline's own (DetectorConfig.threshold)
Image = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class CrowdSpec:
    seed: int
    width: int = 1280
    height: int = 720
    frames: int = 300
    fps: int = 30
    people: tuple[int, int] = (60, 120)  # people in a scene, drawn per scene in this range
    scene_frames: int = 150
    face_px: tuple[int, int] = (12, 60)


# Two benchmark clips: a moderate crowd panning slowly, a dense one with faster walkers.
CROWDS = {
    "crowd_a": CrowdSpec(seed=1, people=(60, 80)),
    "crowd_b": CrowdSpec(seed=2, people=(100, 120)),
}


@dataclass(frozen=True)
class _Sprite:
    src: str
    rgb: npt.NDArray[np.float32]  # head and shoulders, at the source photo's scale
    alpha: npt.NDArray[np.float32]
    face: tuple[float, float, float, float]  # the face box inside the sprite


@dataclass
class _Person:
    sprite: _Sprite
    scale: float
    x: float  # sprite's left edge, in background-strip coordinates
    y: float
    vx: float
    bob: float
    phase: float
    gain: float
    flip: bool
    rgb: npt.NDArray[np.float32]
    alpha: npt.NDArray[np.float32]
    face: tuple[float, float, float, float]


def _photos() -> dict[str, tuple[Image, list[Box]]]:
    truth = load_photo_truth(DATA / "photos")
    photos = {}
    for name in sorted(truth):
        bgr = cv2.imread(str(DATA / "photos" / name), cv2.IMREAD_COLOR)
        assert bgr is not None, name
        photos[name] = (np.asarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), np.uint8), truth[name])
    return photos


def _grown(box: Box, factor: float, w: int, h: int) -> tuple[int, int, int, int]:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    hw, hh = (box[2] - box[0]) * factor / 2, (box[3] - box[1]) * factor / 2
    return (max(0, int(cx - hw)), max(0, int(cy - hh)), min(w, int(cx + hw)), min(h, int(cy + hh)))


def _sprites(photos: dict[str, tuple[Image, list[Box]]]) -> list[_Sprite]:
    sprites = []
    for name, (rgb, boxes) in photos.items():
        h, w = rgb.shape[:2]
        for i, box in enumerate(boxes):
            fw, fh = box[2] - box[0], box[3] - box[1]
            x1, y1 = max(0, int(box[0] - 1.0 * fw)), max(0, int(box[1] - 0.6 * fh))
            x2, y2 = min(w, int(box[2] + 1.0 * fw)), min(h, int(box[3] + 1.6 * fh))
            crop = rgb[y1:y2, x1:x2].astype(np.float32)
            alpha = np.zeros(crop.shape[:2], np.float32)
            cx, cy = (box[0] + box[2]) / 2 - x1, (box[1] + box[3]) / 2 - y1
            head = (int(cx), int(cy - 0.1 * fh)), (int(0.75 * fw), int(0.95 * fh))
            cv2.ellipse(alpha, head[0], head[1], 0, 0, 360, 1.0, -1)
            shoulders = (int(cx), int(cy + 1.6 * fh)), (int(1.2 * fw), int(0.7 * fh))
            cv2.ellipse(alpha, shoulders[0], shoulders[1], 0, 0, 360, 1.0, -1)
            for j, other in enumerate(boxes):  # no second, unannotated face in the cut-out
                if j != i:
                    ox1, oy1, ox2, oy2 = _grown(other, 1.6, w, h)
                    alpha[
                        max(0, oy1 - y1) : max(0, oy2 - y1), max(0, ox1 - x1) : max(0, ox2 - x1)
                    ] = 0
            alpha = np.asarray(cv2.GaussianBlur(alpha, (0, 0), max(1.0, fw / 25)), np.float32)
            face = (box[0] - x1, box[1] - y1, box[2] - x1, box[3] - y1)
            sprites.append(_Sprite(f"{name}#{i}", crop, alpha, face))
    return sprites


def _plates(photos: dict[str, tuple[Image, list[Box]]]) -> list[Image]:
    """The photos with their annotated faces smeared out and softened: background material."""
    plates = []
    for rgb, boxes in photos.values():
        h, w = rgb.shape[:2]
        smear = cv2.resize(
            cv2.resize(rgb, (w // 16, h // 16), interpolation=cv2.INTER_AREA), (w, h)
        )
        filled = rgb.copy()
        for box in boxes:
            x1, y1, x2, y2 = _grown(box, 1.8, w, h)
            filled[y1:y2, x1:x2] = smear[y1:y2, x1:x2]
        plates.append(np.asarray(cv2.GaussianBlur(filled, (0, 0), 2.5), np.uint8))
    return plates


def _strip(rng: np.random.Generator, plates: list[Image], width: int, height: int) -> Image:
    strip = np.zeros((height, width, 3), np.uint8)
    x = 0
    while x < width:
        plate = plates[rng.integers(len(plates))]
        ph, pw = plate.shape[:2]
        cw, ch = int(pw * rng.uniform(0.4, 0.8)), int(ph * rng.uniform(0.4, 0.8))
        cx, cy = rng.integers(0, pw - cw + 1), rng.integers(0, ph - ch + 1)
        piece = plate[cy : cy + ch, cx : cx + cw]
        if rng.random() < 0.5:
            piece = piece[:, ::-1]
        out_w = int(cw * height / ch)
        piece = np.asarray(cv2.resize(np.ascontiguousarray(piece), (out_w, height)), np.uint8)
        take = min(out_w, width - x)
        strip[:, x : x + take] = piece[:, :take]
        x += take
    return _without_faces(strip)


def _without_faces(strip: Image) -> Image:
    net = _centerface()
    for _ in range(8):
        found = _detect_full(net, strip, 0.2)
        if not len(found):
            return strip
        h, w = strip.shape[:2]
        for row in found:
            x1, y1, x2, y2 = _grown(row[:4].tolist(), 2.0, w, h)
            strip[y1:y2, x1:x2] = cv2.GaussianBlur(strip[y1:y2, x1:x2], (0, 0), 6)
    return strip


def _person(
    rng: np.random.Generator, sprite: _Sprite, spec: CrowdSpec, strip_w: int, anywhere: bool
) -> _Person:
    low, high = spec.face_px
    face_h = low * (high / low) ** (rng.random() ** 1.6)  # log-uniform, leaning small
    scale = face_h / (sprite.face[3] - sprite.face[1])
    flip = bool(rng.random() < 0.5)
    rgb = cv2.resize(sprite.rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    alpha = cv2.resize(sprite.alpha, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    fx1, fy1, fx2, fy2 = (v * scale for v in sprite.face)
    if flip:
        rgb, alpha = rgb[:, ::-1], alpha[:, ::-1]
        fx1, fx2 = rgb.shape[1] - fx2, rgb.shape[1] - fx1
    depth = (face_h - low) / (high - low)  # 0 far (high in the frame) .. 1 near
    face_cy = spec.height * (0.18 + 0.62 * depth) + rng.normal(0, spec.height * 0.06)
    face_cy = float(np.clip(face_cy, 20, spec.height - 20))
    speed = rng.uniform(0.2, 1.6) * face_h / 20  # px/frame: nearer people cross faster
    vx = speed if rng.random() < 0.5 else -speed
    x = rng.uniform(-rgb.shape[1], strip_w) if anywhere else (-rgb.shape[1] if vx > 0 else strip_w)
    return _Person(
        sprite, scale, x, face_cy - (fy1 + fy2) / 2, vx, rng.uniform(0, 0.06) * face_h,
        rng.uniform(0, 2 * np.pi), rng.uniform(0.65, 1.25), flip,
        np.ascontiguousarray(rgb), np.ascontiguousarray(alpha), (fx1, fy1, fx2, fy2),
    )  # fmt: skip


@dataclass
class _Scene:
    strip: Image
    people: list[_Person]
    pan: float  # px/frame
    posts: list[tuple[float, int]]  # lamp posts: strip x, width
    passers: list[tuple[float, float, int]]  # out-of-focus passers-by: x, vx, width


def _scene(
    rng: np.random.Generator, spec: CrowdSpec, sprites: list[_Sprite], plates: list[Image]
) -> _Scene:
    pan = rng.uniform(0.5, 2.5) * (1 if rng.random() < 0.5 else -1)
    strip_w = spec.width + int(abs(pan) * spec.scene_frames) + 64
    on_screen = int(rng.integers(spec.people[0], spec.people[1] + 1))
    count = on_screen * strip_w // spec.width  # spread over the strip the camera pans along
    people = [
        _person(rng, sprites[rng.integers(len(sprites))], spec, strip_w, True) for _ in range(count)
    ]
    posts = [(float(rng.uniform(0, strip_w)), int(rng.integers(14, 34))) for _ in range(3)]
    passers = [
        (float(rng.uniform(0, strip_w)), float(rng.uniform(-14, 14)), int(rng.integers(80, 180)))
        for _ in range(1)
    ]
    return _Scene(_strip(rng, plates, strip_w, spec.height), people, pan, posts, passers)


def _render(
    scene: _Scene, t: int, spec: CrowdSpec, light: float
) -> tuple[Image, list[dict[str, Any]]]:
    """Frame `t` of the scene (frames since its cut) and the faces visible on it."""
    w, h = spec.width, spec.height
    strip_w = scene.strip.shape[1]
    travel = int(abs(scene.pan) * t)  # the strip is wide enough for the whole scene's pan
    cam = travel if scene.pan > 0 else strip_w - w - travel
    frame = scene.strip[:, cam : cam + w].astype(np.float32)
    owner = np.full((h, w), -1, np.int32)
    placed = []
    for n, p in enumerate(sorted(scene.people, key=lambda p: p.scale * (p.face[3] - p.face[1]))):
        px = round(p.x + p.vx * t) - cam
        py = round(p.y + p.bob * np.sin(0.3 * t + p.phase))
        sh, sw = p.alpha.shape
        x1, y1, x2, y2 = max(0, px), max(0, py), min(w, px + sw), min(h, py + sh)
        if x1 >= x2 or y1 >= y2:
            continue
        a = p.alpha[y1 - py : y2 - py, x1 - px : x2 - px, None]
        gain = p.gain * light * (1 + 0.15 * np.sin(0.05 * t + p.phase))
        sprite = p.rgb[y1 - py : y2 - py, x1 - px : x2 - px] * gain
        frame[y1:y2, x1:x2] = frame[y1:y2, x1:x2] * (1 - a) + sprite * a
        owner[y1:y2, x1:x2][a[..., 0] > 0.5] = n
        face = (px + p.face[0], py + p.face[1], px + p.face[2], py + p.face[3])
        placed.append((n, p, face))
    for x, pw in scene.posts:
        px = int(x) - cam
        if -pw < px < w:
            frame[:, max(0, px) : px + pw] = frame[:, max(0, px) : px + pw] * 0.25 + 20
            owner[:, max(0, px) : px + pw] = -2
    for x, vx, pw in scene.passers:
        cx = int(x + vx * t) - cam
        if -pw < cx < w + pw:
            blob = np.zeros((h, w), np.float32)
            cv2.ellipse(blob, (cx, h), (pw // 2, int(h * 0.55)), 0, 0, 360, 1.0, -1)
            blob = np.asarray(cv2.GaussianBlur(blob, (0, 0), 12), np.float32)[..., None]
            frame = frame * (1 - blob) + 35 * blob
            owner[blob[..., 0] > 0.5] = -2
    faces = []
    for n, p, (fx1, fy1, fx2, fy2) in placed:
        full = (fx2 - fx1) * (fy2 - fy1)
        cx1, cy1 = max(0, round(fx1)), max(0, round(fy1))
        cx2, cy2 = min(w, round(fx2)), min(h, round(fy2))
        if cx1 >= cx2 or cy1 >= cy2:
            continue
        visible = float((owner[cy1:cy2, cx1:cx2] == n).sum()) / full
        if visible >= 0.5:
            box = [max(0.0, fx1), max(0.0, fy1), min(float(w), fx2), min(float(h), fy2)]
            faces.append({"src": p.sprite.src, "box": box, "visible": round(min(visible, 1.0), 3)})
    return np.clip(frame, 0, 255).astype(np.uint8), faces


def generate(spec: CrowdSpec, dst: Path) -> Path:
    """Write the clip to `dst` (H.264, crf 18) and its ground truth beside it (`*_gt.json`)."""
    rng = np.random.default_rng(spec.seed)
    photos = _photos()
    sprites, plates = _sprites(photos), _plates(photos)
    truth: list[list[dict[str, Any]]] = []
    dst.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(dst), "w") as out:
        stream = out.add_stream("libx264", rate=spec.fps)
        stream.width, stream.height, stream.pix_fmt = spec.width, spec.height, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "18"}
        scene = None
        for index in range(spec.frames):
            t = index % spec.scene_frames
            if t == 0:
                scene = _scene(rng, spec, sprites, plates)
            assert scene is not None
            light = 1.0 - 0.3 * np.exp(-((((index % 100) - 70) / 12) ** 2))  # a passing cloud
            rgb, faces = _render(scene, t, spec, light)
            truth.append(faces)
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            frame.pts, frame.time_base = index, Fraction(1, spec.fps)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    meta = {"width": spec.width, "height": spec.height, "fps": spec.fps, "frames": truth}
    dst.with_name(dst.stem + "_gt.json").write_text(json.dumps(meta))
    return dst


@cache  # loading the network costs more than a detection
def _centerface() -> Any:
    from redaction.pipeline.centerface import CenterFace

    return CenterFace("onnxruntime", threads=1)


def _detect_full(net: Any, rgb: Image, threshold: float) -> npt.NDArray[np.float32]:
    """CenterFace on the image at its own size: padded (not scaled) to multiples of 32."""
    h, w = rgb.shape[:2]
    padded = np.zeros((-(-h // 32) * 32, -(-w // 32) * 32, 3), np.uint8)
    padded[:h, :w] = rgb
    return np.asarray(net.detect(padded, threshold))


def reference(clip: Path, workers: int = 2) -> list[list[list[float]]]:
    """CenterFace at full resolution on every frame of `clip`: {frame: boxes}, cached beside it."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import local

    cached = clip.with_name(clip.stem + "_reference.json")
    if cached.exists():
        return list(json.loads(cached.read_text()))
    nets = local()

    def detect(rgb: Image) -> list[list[float]]:
        if not hasattr(nets, "net"):
            nets.net = _centerface()
        return [row[:4].tolist() for row in _detect_full(nets.net, rgb, REFERENCE_THRESHOLD)]

    with av.open(str(clip)) as container, ThreadPoolExecutor(workers) as pool:
        frames = (f.to_ndarray(format="rgb24") for f in container.decode(video=0))
        boxes = list(pool.map(detect, frames))
    cached.write_text(json.dumps(boxes))
    return boxes


def clip_path(name: str, root: Path = CACHE) -> Path:
    """The named crowd clip in the cache, generated (with its truth) on first use."""
    path = root / f"{name}_v{VERSION}.mp4"
    if not path.exists():
        generate(CROWDS[name], path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=CACHE)
    args = parser.parse_args()
    for name in CROWDS:
        path = clip_path(name, args.out)
        truth = json.loads(path.with_name(path.stem + "_gt.json").read_text())["frames"]
        ref = reference(path)
        print(f"{path}: {sum(map(len, truth))} faces (truth), {sum(map(len, ref))} (reference)")


if __name__ == "__main__":
    main()
