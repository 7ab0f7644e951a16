"""A redacted copy's C2PA manifest, read back with c2pa's own Reader: valid, anchored in the
installation's CA, names its original by evidence id and sha256, lists the masking; one
changed byte of the copy makes it invalid."""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import c2pa
import pytest
from redaction.adapters.c2pa_keys import C2paAuthority
from redaction.adapters.c2pa_signing import C2paSigner
from redaction.domain.content_credentials import ASSERTION, CopyNames, c2pa_definition
from redaction.domain.manifest import ManifestSubject
from redaction.domain.media import AudioPlan, RenderPlan
from redaction.pipeline import analyse, render

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def signed(short_clip: tuple[Path, list], tmp_path_factory: pytest.TempPathFactory) -> dict:
    src, _ = short_clip
    work = tmp_path_factory.mktemp("c2pa")
    analysis = analyse(src, on_progress=lambda _: None, cancelled=lambda: False)
    plan = RenderPlan(style="pixelate", audio=AudioPlan(remove=True))
    rendered = work / "rendered.mp4"
    result = render(
        src, rendered, analysis, plan, on_progress=lambda _: None, cancelled=lambda: False
    )
    subject = _subject(hashlib.sha256(src.read_bytes()).hexdigest())
    names = CopyNames("short-redacted.mp4", "short.mp4", "video/mp4")
    kinds = {t.id: t.kind for t in analysis.tracks}
    authority = C2paAuthority(work / "ca.pem", create=True)
    copy = work / "signed.mp4"
    C2paSigner(authority).sign(
        subject.org_id,
        c2pa_definition(subject, plan, result, names, kinds),
        "video/mp4",
        rendered,
        copy,
    )
    faces = sum(1 for m in result.masks if kinds[m.track_id or 0] == "face")
    return {"copy": copy, "subject": subject, "authority": authority, "faces": faces}


def test_the_copy_names_its_original_and_what_was_masked(signed: dict) -> None:
    subject: ManifestSubject = signed["subject"]
    with c2pa.Reader("video/mp4", signed["copy"].open("rb")) as reader:
        assert reader.get_validation_state() == "Valid"
        manifest: dict[str, Any] = reader.get_active_manifest() or {}
    (parent,) = manifest["ingredients"]
    assert parent["relationship"] == "parentOf"
    assert parent["instance_id"] == f"urn:custody:evidence:{subject.evidence_id}"
    assert parent["metadata"]["org.custody.sha256"] == subject.original_sha256
    actions = _assertion(manifest, "c2pa.actions.v2")["actions"]
    assert [a["action"] for a in actions] == [
        "c2pa.opened",
        "c2pa.edited",  # the faces
        "c2pa.edited",  # the audio
        "c2pa.transcoded",
    ]
    faces = actions[1]["parameters"]
    assert (faces["org.custody.mask_kind"], faces["org.custody.tracks"]) == (
        "face",
        signed["faces"],
    )
    assert faces["org.custody.job_id"] == str(subject.job_id)
    assert faces["org.custody.reviewed_by"] == str(subject.reviewed_by)
    assert actions[2]["parameters"]["org.custody.audio"] == "removed"
    assert _assertion(manifest, ASSERTION)["original"]["sha256"] == subject.original_sha256
    assert manifest["claim_generator_info"][0]["name"] == "Custody"
    assert manifest["signature_info"]["issuer"] == f"Custody organization {subject.org_id}"


def test_the_installations_ca_anchors_it_and_another_does_not(signed: dict, tmp_path: Path) -> None:
    ours = signed["authority"].ca_certificate_pem()
    other = C2paAuthority(tmp_path / "other.pem", create=True).ca_certificate_pem()
    assert _state(signed["copy"].read_bytes(), ours) == "Trusted"
    assert _state(signed["copy"].read_bytes(), other) == "Valid"  # signed, but not by ours


def test_one_changed_byte_of_the_video_invalidates_it(signed: dict) -> None:
    data = bytearray(signed["copy"].read_bytes())
    data[data.index(b"mdat") + 4096] ^= 0x01
    with c2pa.Reader("video/mp4", io.BytesIO(bytes(data))) as reader:
        assert reader.get_validation_state() == "Invalid"
        failures = (reader.get_validation_results() or {})["activeManifest"]["failure"]
    assert "assertion.bmffHash.mismatch" in {f["code"] for f in failures}


def test_each_organization_has_its_own_key_from_the_one_ca_file(tmp_path: Path) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    authority = C2paAuthority(tmp_path / "ca.pem", create=True)
    again = C2paAuthority(tmp_path / "ca.pem", create=False)
    assert authority.for_org(first) == again.for_org(first)  # same bytes on every replica
    assert authority.for_org(first).private_key_pem != authority.for_org(second).private_key_pem
    assert (tmp_path / "ca.pem").stat().st_mode & 0o077 == 0
    with pytest.raises(FileNotFoundError):
        C2paAuthority(tmp_path / "missing.pem", create=False)


def _state(copy: bytes, anchor: bytes) -> str | None:
    settings = {"trust": {"trust_anchors": anchor.decode()}, "verify": {"verify_trust": True}}
    context = c2pa.Context(c2pa.Settings.from_dict(settings))
    with c2pa.Reader("video/mp4", io.BytesIO(copy), context=context) as reader:
        return reader.get_validation_state()


def _assertion(manifest: dict[str, Any], label: str) -> dict[str, Any]:
    return next(a["data"] for a in manifest["assertions"] if a["label"] == label)


def _subject(original_sha256: str) -> ManifestSubject:
    return ManifestSubject(
        job_id=uuid.uuid4(),
        evidence_id=uuid.uuid4(),
        org_id=uuid.uuid4(),
        original_sha256=original_sha256,
        requested_by=uuid.uuid4(),
        reviewed_by=uuid.uuid4(),
        reviewed_at=datetime(2026, 12, 7, 22, 0, tzinfo=UTC),
    )
