"""Redaction: ask evidence for a job, then watch, review and cancel it at the redaction
service. Both services scope by the caller's organization; the gateway only forwards. The
C2PA CA certificate that redacted copies chain to is public."""

from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import evidence_pb2, redaction_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Path, Query, Response

from gateway.entrypoints.api.deps import CurrentPrincipal, SourceAddress, UpstreamDep
from gateway.entrypoints.api.responses import (
    CHANGE,
    CONFLICT,
    INVALID,
    NOT_FOUND,
    UPSTREAM,
    body,
)
from gateway.entrypoints.api.schemas.common import Int32Id
from gateway.entrypoints.api.schemas.redaction import (
    BoxFrames,
    Frame,
    RedactionJobPublic,
    RedactionJobsPublic,
    RedactionRequestedPublic,
    RedactionReview,
    job_public,
    job_url,
    jobs_public,
)
from gateway.entrypoints.api.schemas.redaction_findings import (
    C2paCertificatePublic,
    RedactionCoveragePublic,
    TrackBoxesPublic,
    boxes_public,
    coverage_public,
)

router = APIRouter(tags=["redaction"], responses=UPSTREAM)
# No token needed: whoever received a redacted copy may check it (decision 0049).
public_router = APIRouter(tags=["redaction"], responses=UPSTREAM)


@public_router.get("/redactions/c2pa-certificate")
async def read_c2pa_certificate(upstream: UpstreamDep) -> C2paCertificatePublic:
    """The installation's C2PA CA certificate (PEM) and its SHA-256 fingerprint; no token
    needed. Every redacted copy's manifest is signed by its organization's key, certified by
    this CA. After a CA key rotation it is the new one: keep the old certificate for copies
    signed before."""
    found = await upstream.redaction.GetC2paCertificate(redaction_pb2.GetC2paCertificateRequest())
    return C2paCertificatePublic(certificate_pem=found.certificate_pem, sha256=found.sha256)


@router.post("/evidence/{evidence_id}/redactions", status_code=202, responses=CHANGE)
async def request_redaction(
    evidence_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
    response: Response,
) -> RedactionRequestedPublic:
    """Accepted: the job appears at its URL once the redaction service has queued it."""
    accepted = await upstream.evidence.RequestRedaction(
        evidence_pb2.RequestRedactionRequest(
            evidence_id=str(evidence_id), source_address=source or ""
        ),
        metadata=call_metadata(principal),
    )
    response.headers["Location"] = job_url(accepted.job_id)
    return RedactionRequestedPublic(
        job_id=uuid.UUID(accepted.job_id), evidence_id=evidence_id, url=job_url(accepted.job_id)
    )


@router.get("/evidence/{evidence_id}/redactions", responses=NOT_FOUND)
async def list_redactions(
    evidence_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> RedactionJobsPublic:
    """The item's redaction jobs, newest first."""
    metadata = call_metadata(principal)
    # The item must be visible to the caller: another org's item is 404, not an empty list.
    await upstream.evidence.GetEvidence(
        evidence_pb2.GetEvidenceRequest(id=str(evidence_id)), metadata=metadata
    )
    found = await upstream.redaction.ListJobs(
        redaction_pb2.ListRedactionJobsRequest(evidence_id=str(evidence_id)), metadata=metadata
    )
    return jobs_public(found)


@router.get("/redactions/{job_id}", responses=NOT_FOUND)
async def read_redaction(
    job_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> RedactionJobPublic:
    """A redaction job: status, progress, media facts and detected tracks."""
    job = await upstream.redaction.GetJob(
        redaction_pb2.GetRedactionJobRequest(id=str(job_id)), metadata=call_metadata(principal)
    )
    return job_public(job)


@router.post("/redactions/{job_id}/review", responses=CHANGE)
async def review_redaction(
    job_id: uuid.UUID, body: RedactionReview, principal: CurrentPrincipal, upstream: UpstreamDep
) -> RedactionJobPublic:
    """The reviewer's choices; the job then renders the redacted copy."""
    job = await upstream.redaction.SubmitReview(
        body.to_proto(job_id), metadata=call_metadata(principal)
    )
    return job_public(job)


@router.post("/redactions/{job_id}/cancel", responses=CHANGE)
async def cancel_redaction(
    job_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> RedactionJobPublic:
    """Cancels a job that has not finished."""
    job = await upstream.redaction.CancelJob(
        redaction_pb2.CancelRedactionJobRequest(id=str(job_id)), metadata=call_metadata(principal)
    )
    return job_public(job)


@router.get(
    "/redactions/{job_id}/tracks/{track_id}/thumbnail",
    response_class=Response,
    responses=body("image/jpeg") | NOT_FOUND,
)
async def track_thumbnail(
    job_id: uuid.UUID,
    track_id: Annotated[Int32Id, Path()],
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
) -> Response:
    """A detected track's thumbnail, a JPEG."""
    thumbnail = await upstream.redaction.GetTrackThumbnail(
        redaction_pb2.GetTrackThumbnailRequest(job_id=str(job_id), track_id=track_id),
        metadata=call_metadata(principal),
    )
    return Response(
        thumbnail.jpeg,
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/redactions/{job_id}/boxes", responses=INVALID | NOT_FOUND)
async def track_boxes(
    job_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    from_frame: Annotated[Frame, Query(description="The first frame (0-based).")] = 0,
    frames: Annotated[BoxFrames, Query(description="How many frames, 1 to 1,000.")] = 300,
) -> TrackBoxesPublic:
    """The detected faces' and plates' boxes on each frame of a window, for outlines over a
    preview; a crowded window ends early (at most 5,000 boxes): go on from next_from_frame."""
    found = await upstream.redaction.ListTrackBoxes(
        redaction_pb2.ListTrackBoxesRequest(
            job_id=str(job_id), from_frame=from_frame, frames=frames
        ),
        metadata=call_metadata(principal),
    )
    return boxes_public(found)


@router.get("/redactions/{job_id}/coverage", responses=NOT_FOUND)
async def redaction_coverage(
    job_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> RedactionCoveragePublic:
    """What the reviewer should check once the analysis ends: frames the detector found every
    face or plate on, frames carried by tracking alone, frames with none known, and the
    moments worth a look (abrupt track ends, missed detections, low confidence). 404 before
    the analysis ends, for a photo, and for a job analysed before coverage was kept."""
    found = await upstream.redaction.GetCoverage(
        redaction_pb2.GetRedactionCoverageRequest(job_id=str(job_id)),
        metadata=call_metadata(principal),
    )
    return coverage_public(found)


@router.get(
    "/redactions/{job_id}/manifest", responses=body("application/json") | NOT_FOUND | CONFLICT
)
async def redaction_manifest(
    job_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> Response:
    """The manifest exactly as stored (its sha256 is in the custody ledger)."""
    manifest = await upstream.redaction.GetManifest(
        redaction_pb2.GetRedactionManifestRequest(job_id=str(job_id)),
        metadata=call_metadata(principal),
    )
    return Response(
        manifest.json,
        media_type="application/json",
        headers={"X-Content-SHA256": manifest.sha256},
    )
