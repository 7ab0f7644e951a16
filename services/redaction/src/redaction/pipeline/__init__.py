"""The media pipeline: `analyse` finds faces and plates and links them into tracks;
`render` writes a redacted copy. Both are synchronous and CPU-bound; run them off the
event loop (they release the GIL in decoding, inference and encoding)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from redaction.domain.media import Analysis, Progress, RenderPlan, RenderResult
from redaction.pipeline.analysis import analyse_video
from redaction.pipeline.detect import DetectorConfig
from redaction.pipeline.photo import analyse_photo, render_photo
from redaction.pipeline.probe import image_format
from redaction.pipeline.progress import Reporter
from redaction.pipeline.render_video import render_video

ProgressFn = Callable[[Progress], None]
CancelledFn = Callable[[], bool]


def analyse(
    src: Path,
    *,
    on_progress: ProgressFn,
    cancelled: CancelledFn,
    config: DetectorConfig | None = None,
) -> Analysis:
    """Detect and track faces and plates in a video or photo."""
    config = config or DetectorConfig()
    if fmt := image_format(src):
        return analyse_photo(src, fmt, config, Reporter("analyse", 1, on_progress, cancelled))
    return analyse_video(src, config, Reporter("analyse", 0, on_progress, cancelled))


def render(
    src: Path,
    dst: Path,
    analysis: Analysis,
    plan: RenderPlan,
    *,
    on_progress: ProgressFn,
    cancelled: CancelledFn,
) -> RenderResult:
    """Write the redacted copy of `src` to `dst` (MP4 for video, the same format for photos).

    Nothing is left at `dst` if it fails or is cancelled; `src` is only read."""
    reporter = Reporter("render", analysis.media.frame_count, on_progress, cancelled)
    tmp = dst.with_name(f".{dst.name}.partial")
    try:
        if analysis.media.kind == "image":
            frames, masks = render_photo(src, tmp, analysis, plan)
        else:
            frames, masks = render_video(src, tmp, analysis, plan, reporter)
        reporter.tick(frames, force=True)
        tmp.replace(dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    digest, size = sha256_of(dst)
    return RenderResult(frames=frames, masks=masks, sha256=digest, size=size, media=analysis.media)


def sha256_of(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
