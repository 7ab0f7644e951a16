"""The C2PA manifest a redacted copy carries (decision 0049): the original as its parent
ingredient, named by evidence id and sha256; what was masked, as actions; who chose it.

C2PA's own `c2pa.redacted` action means removing an assertion from an ingredient's manifest,
and its validator rejects one without that reference, so masking pixels or sound is
`c2pa.edited`, described, with the counts and the job in its parameters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from redaction.domain.manifest import ManifestSubject
from redaction.domain.media import AudioPlan, MaskRecord, RenderPlan, RenderResult

GENERATOR = "Custody"
ASSERTION = "org.custody.redaction"
AGENT = {"name": GENERATOR}


@dataclass(frozen=True)
class CopyNames:
    title: str  # the copy's file name
    original_title: str
    media_type: str  # the copy's; the original's is the same kind


def original_instance_id(subject: ManifestSubject) -> str:
    return f"urn:custody:evidence:{subject.evidence_id}"


def c2pa_definition(
    subject: ManifestSubject,
    plan: RenderPlan,
    result: RenderResult,
    names: CopyNames,
    track_kinds: dict[int, str],
) -> dict[str, Any]:
    """The manifest definition c2pa's Builder signs; track_kinds names each track's kind."""
    parent = original_instance_id(subject)
    actions: list[dict[str, Any]] = [
        {"action": "c2pa.opened", "parameters": {"ingredientIds": [parent]}}
    ]
    actions += _mask_actions(subject, plan, result.masks, track_kinds)
    actions += _audio_actions(subject, plan.audio)
    if names.media_type.startswith("video/"):
        actions.append(_action("c2pa.transcoded", "Re-encoded as H.264 in MP4", subject, {}))
    return {
        "claim_generator_info": [{"name": GENERATOR}],
        "title": names.title,
        "format": names.media_type,
        "ingredients": [_parent(subject, names, parent)],
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": actions}},
            {"label": ASSERTION, "data": _job(subject, plan)},
        ],
    }


def _parent(subject: ManifestSubject, names: CopyNames, instance_id: str) -> dict[str, Any]:
    return {
        "title": names.original_title,
        "format": names.media_type,
        "relationship": "parentOf",
        "instance_id": instance_id,
        "metadata": {
            "org.custody.evidence_id": str(subject.evidence_id),
            "org.custody.sha256": subject.original_sha256,
        },
    }


def _mask_actions(
    subject: ManifestSubject,
    plan: RenderPlan,
    masks: list[MaskRecord],
    track_kinds: dict[int, str],
) -> list[dict[str, Any]]:
    """One action per kind of mask (face, plate, … or drawn by hand)."""
    tracks, frames = Counter[str](), Counter[str]()
    for mask in masks:
        kind = _kind_of(mask, track_kinds)
        tracks[kind] += 1
        frames[kind] += len(mask.frames)
    return [
        _action(
            "c2pa.edited",
            f"Masked {count} {kind} region track(s) ({plan.style})",
            subject,
            {"mask_kind": kind, "tracks": count, "masked_frames": frames[kind]},
        )
        for kind, count in sorted(tracks.items())
    ]


def _kind_of(mask: MaskRecord, track_kinds: dict[int, str]) -> str:
    if mask.kind == "manual" or mask.track_id is None:
        return "drawn"
    return track_kinds.get(mask.track_id, "detected")


def _audio_actions(subject: ManifestSubject, audio: AudioPlan) -> list[dict[str, Any]]:
    if audio.remove:
        return [_action("c2pa.edited", "Removed the audio", subject, {"audio": "removed"})]
    if audio.mute_ranges:
        how = "bleeped" if audio.bleep else "muted"
        ranges = len(audio.mute_ranges)
        return [
            _action("c2pa.edited", f"Audio {how} in {ranges} range(s)", subject, {"audio": how})
        ]
    return []


def _action(
    name: str, description: str, subject: ManifestSubject, details: dict[str, Any]
) -> dict[str, Any]:
    parameters = {f"org.custody.{k}": v for k, v in details.items()}
    parameters["org.custody.job_id"] = str(subject.job_id)
    parameters["org.custody.reviewed_by"] = str(subject.reviewed_by)
    return {
        "action": name,
        "description": description,
        "softwareAgent": AGENT,
        "parameters": parameters,
    }


def _job(subject: ManifestSubject, plan: RenderPlan) -> dict[str, Any]:
    return {
        "job_id": str(subject.job_id),
        "org_id": str(subject.org_id),
        "original": {"evidence_id": str(subject.evidence_id), "sha256": subject.original_sha256},
        "requested_by": str(subject.requested_by),
        "reviewed_by": str(subject.reviewed_by),
        "reviewed_at": subject.reviewed_at.isoformat(),
        "selection": plan.selection,
        "style": plan.style,
    }
