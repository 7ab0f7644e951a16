"""A rendered copy gets its C2PA manifest before anything hashes or stores it: the sha256
that the job, the JSON manifest, evidence and the ledger record is the signed file's."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from redaction.adapters.orm import Job
from redaction.domain.content_credentials import CopyNames, c2pa_definition
from redaction.domain.media import Analysis, RenderPlan, RenderResult
from redaction.pipeline import sha256_of
from redaction.service_layer import outputs
from redaction.service_layer.ports import WorkerDeps

MEDIA_TYPES = {".mp4": "video/mp4", ".png": "image/png", ".jpg": "image/jpeg"}


def sign_copy(
    deps: WorkerDeps,
    job: Job,
    analysis: Analysis,
    plan: RenderPlan,
    rendered: tuple[Path, RenderResult],
    signed: Path,
) -> RenderResult:
    """Writes the signed copy to `signed`; its result carries the signed file's hash and size."""
    path, result = rendered
    title = outputs.copy_filename(job)
    original = PurePosixPath(job.filename).name or title
    names = CopyNames(title, original, MEDIA_TYPES[outputs.output_suffix(job)])
    kinds = {track.id: track.kind for track in analysis.tracks}
    definition = c2pa_definition(outputs.manifest_subject(job), plan, result, names, kinds)
    deps.credentials.sign(job.org_id, definition, names.media_type, path, signed)
    sha256, size = sha256_of(signed)
    return result.model_copy(update={"sha256": sha256, "size": size})
