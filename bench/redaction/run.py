"""Redaction benchmark: the Custody pipeline and deface on the same clip, in the same run.

    .venv/bin/python bench/redaction/run.py [--runs 3] [--clip synth_720p.mp4] [--clip crowd]

`--clip crowd` stands for the synthetic crowd clips of crowd.py (generated into its cache on
first use); they are scored against two sets of faces: the generator's ground truth, and the
reference the issue asks for (CenterFace at full resolution on every frame).

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
from crowd import CROWDS, clip_path, reference  # noqa: E402
from scoring import Box, load_truth, score  # noqa: E402

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


def summarise(
    name: str, runs: list[dict[str, Any]], truths: dict[str, list[list[Box]]]
) -> dict[str, Any]:
    frames = len(next(iter(truths.values())))
    row: dict[str, Any] = {
        "pipeline": name,
        "fps_median": statistics.median(frames / r["seconds"] for r in runs),
        "fps_runs": [frames / r["seconds"] for r in runs],
        "against": {against: score(truth, runs[0]["masks"]) for against, truth in truths.items()},
    }
    for key in ("analyse_fps", "render_fps", "tracks"):
        if key in runs[0]:
            row[key] = statistics.median(r[key] for r in runs)
    return row


def clips(names: list[str]) -> list[tuple[str, Path, dict[str, list[list[Box]]]]]:
    """(name, path, {what the masks are scored against: faces per frame}) per clip."""
    found = []
    for name in names:
        if name != "crowd":
            clip = DATA / "video" / name
            found.append(
                (name, clip, {"truth": load_truth(clip.with_name(clip.stem + "_gt.json"))})
            )
            continue
        for crowd in CROWDS:
            clip = clip_path(crowd)
            truth = load_truth(clip.with_name(clip.stem + "_gt.json"))
            found.append((crowd, clip, {"truth": truth, "reference": reference(clip)}))
    return found


def run_clip(
    name: str, clip: Path, truths: dict[str, list[list[Box]]], runs: int, with_deface: bool
) -> dict[str, Any]:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        jobs = {"custody": lambda i: custody(clip, Path(tmp) / f"custody{i}.mp4")}
        if with_deface:
            jobs["deface"] = lambda i: deface(clip, Path(tmp) / f"deface{i}.mp4", None)
            jobs["deface --scale 640x360"] = lambda i: deface(
                clip, Path(tmp) / f"defs{i}.mp4", "640x360"
            )
        results: dict[str, list[dict[str, Any]]] = {name: [] for name in jobs}
        for i in range(runs):  # interleaved, so load changes hit every pipeline alike
            for job_name, job in jobs.items():
                results[job_name].append(job(i))
        rows = [summarise(job_name, done, truths) for job_name, done in results.items()]
    report: dict[str, Any] = {
        "clip": name,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "rows": rows,
    }
    if "reference" in truths:  # how far the reference is from what the generator pasted
        as_masks = dict(enumerate(truths["reference"]))
        report["reference_vs_truth"] = score(truths["truth"], as_masks)
    if len(rows) > 1:
        report["speedup_vs_deface"] = rows[0]["fps_median"] / rows[1]["fps_median"]
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clip", action="append", help="a clip in the shared data, or crowd")
    parser.add_argument("--no-deface", action="store_true")
    args = parser.parse_args()
    with_deface = not args.no_deface
    if with_deface and not (DEFACE_VENV / "bin" / "deface").exists():
        print(f"deface is not installed in {DEFACE_VENV} (bench/redaction/setup.sh): Custody only")
        with_deface = False
    reports = []
    for name, clip, truths in clips(args.clip or ["synth_720p.mp4"]):
        reports.append(run_clip(name, clip, truths, args.runs, with_deface))
        print_table(reports[-1], args.runs)
    report = {
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
        "clips": reports,
    }
    out_dir = HERE.parent / "results"
    out_dir.mkdir(exist_ok=True)
    path = out_dir / f"redaction-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nwrote {path}")


def print_table(report: dict[str, Any], runs: int) -> None:
    load = ", ".join(f"{v:.2f}" for v in report["load_average_before"])
    print(f"\n{report['clip']}, {runs} run(s), load average before {load}")
    head = f"{'all':>7} {'<48':>7} {'48-96':>7} {'>=96':>7}"
    print(f"{'pipeline':<24}{'against':<10}{'frames/s':>9}  {head}  faces  false masks/frame")
    for row in report["rows"]:
        for against, scored in row["against"].items():
            r, faces = scored["recall"], scored["faces"]["all"]
            print(
                f"{row['pipeline']:<24}{against:<10}{row['fps_median']:>9.1f}  {r['all']:>7.2%}"
                f" {r['small']:>7.2%} {r['medium']:>7.2%} {r['large']:>7.2%}  {faces:>5}"
                f"  {scored['false_masks_per_frame']:.3f}"
            )
    if "reference_vs_truth" in report:
        ref = report["reference_vs_truth"]
        r = ref["recall"]
        print(
            f"reference finds of the truth: {r['all']:.2%} (<48 {r['small']:.2%}, 48-96"
            f" {r['medium']:.2%}, >=96 {r['large']:.2%}); missed {ref['missed']};"
            f" {ref['false_masks_per_frame']:.3f} boxes/frame on no pasted face"
        )
    if "speedup_vs_deface" in report:
        print(f"custody / deface (default) speed: {report['speedup_vs_deface']:.1f}x")


if __name__ == "__main__":
    main()
