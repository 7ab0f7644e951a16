"""Redaction benchmark: the Custody pipeline and deface on the same clip, in the same run.

    .venv/bin/python bench/redaction/run.py [--runs 3] [--clip synth_720p.mp4]

Custody: `analyse` then `render` (mask every track, blur, default margin) — decode, detect,
track, mask and H.264 encode, end to end; recall is scored from the masks the render
reports drawing. deface (bench/redaction/setup.sh installs it in bench/redaction/.venv):
frames/s is its own CLI run end to end (decode, detect, blur, encode through imageio-ffmpeg);
recall is scored from the mask boxes its detector and mask geometry give on every frame
(deface_masks.py, run in the same venv) — not timed. Both at full resolution and deface
also at --scale 640x360, the setting its README suggests for speed."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scoring import load_truth, score  # noqa: E402

DATA = Path(os.environ.get("FACES_DATA", "/work/shared/data/faces"))
DEFACE_VENV = HERE / ".venv"


def custody(clip: Path, out: Path) -> dict[str, Any]:
    from redaction.domain.media import RenderPlan
    from redaction.pipeline import analyse, render

    start = time.perf_counter()
    analysis = analyse(clip, on_progress=lambda _: None, cancelled=lambda: False)
    middle = time.perf_counter()
    result = render(
        clip, out, analysis, RenderPlan(), on_progress=lambda _: None, cancelled=lambda: False
    )
    end = time.perf_counter()
    masks: dict[int, list[Any]] = {}
    for record in result.masks:
        for frame, box in zip(record.frames, record.boxes, strict=True):
            masks.setdefault(frame, []).append(box)
    return {
        "seconds": end - start,
        "analyse_fps": result.frames / (middle - start),
        "render_fps": result.frames / (end - middle),
        "frames": result.frames,
        "tracks": len(analysis.tracks),
        "masks": masks,
    }


def deface(clip: Path, out: Path, scale: str | None) -> dict[str, Any]:
    extra = ["--scale", scale] if scale else []
    start = time.perf_counter()
    subprocess.run(
        [str(DEFACE_VENV / "bin" / "deface"), str(clip), "-o", str(out), *extra],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    masks_file = out.with_suffix(".json")
    subprocess.run(
        [
            str(DEFACE_VENV / "bin" / "python"),
            str(HERE / "deface_masks.py"),
            str(clip),
            str(masks_file),
            *([scale] if scale else []),
        ],
        check=True,
        capture_output=True,
    )
    raw = json.loads(masks_file.read_text())
    return {"seconds": seconds, "frames": len(raw), "masks": {int(k): v for k, v in raw.items()}}


def summarise(name: str, runs: list[dict[str, Any]], truth: list[Any]) -> dict[str, Any]:
    frames = len(truth)
    scored = score(truth, runs[0]["masks"])
    row = {
        "pipeline": name,
        "fps_median": statistics.median(frames / r["seconds"] for r in runs),
        "fps_runs": [frames / r["seconds"] for r in runs],
        **{k: v for k, v in scored.items()},
    }
    for key in ("analyse_fps", "render_fps", "tracks"):
        if key in runs[0]:
            row[key] = statistics.median(r[key] for r in runs)
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clip", default="synth_720p.mp4")
    parser.add_argument("--no-deface", action="store_true")
    args = parser.parse_args()
    clip = DATA / "video" / args.clip
    truth = load_truth(clip.with_name(clip.stem + "_gt.json"))
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        jobs = {"custody": lambda i: custody(clip, Path(tmp) / f"custody{i}.mp4")}
        if not args.no_deface:
            jobs["deface"] = lambda i: deface(clip, Path(tmp) / f"deface{i}.mp4", None)
            jobs["deface --scale 640x360"] = lambda i: deface(
                clip, Path(tmp) / f"defs{i}.mp4", "640x360"
            )
        results: dict[str, list[dict[str, Any]]] = {name: [] for name in jobs}
        for i in range(args.runs):  # interleaved, so load changes hit every pipeline alike
            for name, job in jobs.items():
                results[name].append(job(i))
        rows = [summarise(name, runs, truth) for name, runs in results.items()]
    report = {
        "clip": args.clip,
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "rows": rows,
    }
    if len(rows) > 1:
        report["speedup_vs_deface"] = rows[0]["fps_median"] / rows[1]["fps_median"]
    print_table(report)
    out_dir = HERE.parent / "results"
    out_dir.mkdir(exist_ok=True)
    path = out_dir / f"redaction-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nwrote {path}")


def print_table(report: dict[str, Any]) -> None:
    load = report["load_average_before"]
    print(f"{report['clip']}, {report['runs']} run(s), load average before {load}")
    head = f"{'all':>7} {'<48':>7} {'48-96':>7} {'>=96':>7}"
    print(f"{'pipeline':<26}{'frames/s':>9}  {head}  false masks/frame")
    for row in report["rows"]:
        r = row["recall"]
        print(
            f"{row['pipeline']:<26}{row['fps_median']:>9.1f}  {r['all']:>7.2%} {r['small']:>7.2%}"
            f" {r['medium']:>7.2%} {r['large']:>7.2%}  {row['false_masks_per_frame']:.3f}"
        )
    if "speedup_vs_deface" in report:
        print(f"custody / deface (default) speed: {report['speedup_vs_deface']:.1f}x")


if __name__ == "__main__":
    main()
