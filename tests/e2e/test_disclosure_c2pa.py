"""A redacted copy carries a C2PA manifest (decision 0049): downloaded, c2pa's own Reader
finds it valid and naming its original by sha256; disclosed beside its original, the package
records the manifest and the standalone `custody-verify` checks it with c2pa, "Trusted" when
pinned to the CA certificate the installation serves without a token, and a copy with one
changed byte fails."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from fractions import Fraction
from itertools import islice
from pathlib import Path
from typing import Any

import av
import c2pa
import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from .conftest import login, wait_until
from .helpers import call, new_case, new_org, tus_upload, wait_for_items

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SYNTH = Path("/work/shared/data/faces/video/synth_720p.mp4")


def _clip(frames: int = 20, width: int = 640) -> bytes:
    """The first frames of the shared face video, scaled down, as H.264 MP4."""
    buffer = io.BytesIO()
    with av.open(str(SYNTH)) as source, av.open(buffer, "w", format="mp4") as out:
        video = source.streams.video[0]
        stream = out.add_stream("libx264", rate=Fraction(video.average_rate or 30))
        stream.width, stream.height = width, round(video.height * width / video.width / 2) * 2
        stream.pix_fmt, stream.options = "yuv420p", {"preset": "ultrafast"}
        for frame in islice(source.decode(video), frames):
            scaled = frame.reformat(stream.width, stream.height, "yuv420p")
            out.mux(stream.encode(scaled))
        out.mux(stream.encode(None))
    return buffer.getvalue()


def _ledger_has(gateway: httpx.Client, headers: dict[str, str], evidence_id: str) -> None:
    wait_until(
        lambda: call(
            gateway, "GET", "/api/v1/audit/records", headers, params={"object_id": evidence_id}
        )["items"],
        timeout=60,
        what=f"ledger entries of {evidence_id}",
    )


def _redacted_copy(gateway: httpx.Client, lead: dict[str, str], original: dict[str, Any]) -> Any:
    job = call(gateway, "POST", f"/api/v1/evidence/{original['id']}/redactions", lead, None, 202)

    def reached(*states: str) -> Any:
        response = gateway.get(f"/api/v1/redactions/{job['job_id']}", headers=lead)
        if response.status_code == 404:  # redaction has not taken the request in yet
            return None
        found = response.json()
        assert found["status"] != "failed", found["reason"]
        return found if found["status"] in states else None

    wait_until(lambda: reached("awaiting_review"), timeout=240, what="analysis")
    review = {"selection": "all", "style": "blur"}
    call(gateway, "POST", f"/api/v1/redactions/{job['job_id']}/review", lead, review)
    return wait_until(lambda: reached("completed"), timeout=240, what="the redacted copy")


def _verify(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "custody_verify", str(path), *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_a_disclosed_redacted_copy_carries_a_c2pa_manifest_that_verifies(
    stack: dict[str, Any], gateway: httpx.Client, tmp_path: Path
) -> None:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    metro = new_org(gateway, admin, "Signing PD", {"lead": ["investigator"]})
    lead = metro["users"]["lead"]["headers"]
    case = new_case(gateway, lead)
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", lead, {}, 201)
    tus_upload(grant["tus_url"], grant["token"], _clip(), "lobby.mp4", "video/mp4")
    (original,) = wait_for_items(gateway, lead, case["id"], 1)
    done = _redacted_copy(gateway, lead, original)

    copy = gateway.get(f"/api/v1/evidence/{done['derived_evidence_id']}/download", headers=lead)
    assert hashlib.sha256(copy.content).hexdigest() == done["output_sha256"]
    with c2pa.Reader("video/mp4", io.BytesIO(copy.content)) as reader:
        assert reader.get_validation_state() == "Valid"
        manifest: dict[str, Any] = reader.get_active_manifest() or {}
    (parent,) = manifest["ingredients"]
    assert parent["metadata"]["org.custody.sha256"] == original["sha256"]
    signer = f"Custody organization {metro['org']['id']}"
    assert manifest["signature_info"]["issuer"] == signer

    ids = [original["id"], done["derived_evidence_id"]]
    for evidence_id in ids:
        _ledger_has(gateway, lead, evidence_id)
    body = {"evidence_ids": ids, "recipient_name": "County Court", "note": "C2PA"}
    created = call(gateway, "POST", f"/api/v1/cases/{case['id']}/disclosures", lead, body, 202)
    wait_until(
        lambda: (
            call(gateway, "GET", f"/api/v1/disclosures/{created['id']}", lead)["state"] == "ready"
        ),
        timeout=180,
        what="the package",
    )
    package = tmp_path / "package.zip"
    download = gateway.get(f"/api/v1/disclosures/{created['id']}/download", headers=lead)
    package.write_bytes(download.content)
    with zipfile.ZipFile(package) as archive:
        items = json.loads(archive.read("manifest.json"))["items"]
    (listed,) = [i for i in items if i["evidence_id"] == done["derived_evidence_id"]]
    assert listed["c2pa"]["active_manifest"] == manifest["label"]
    assert listed["c2pa"]["validation_state"] == "Valid"
    assert listed["c2pa"]["original_sha256"] == original["sha256"]
    assert "c2pa" not in next(i for i in items if i["evidence_id"] == original["id"])

    result = _verify(package)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"C2PA {listed['path']}: Valid, signed by {signer}" in result.stdout

    # Pinned to the CA certificate the installation publishes (no token: a recipient has none).
    published = call(gateway, "GET", "/api/v1/redactions/c2pa-certificate", {})
    certificate = x509.load_pem_x509_certificate(published["certificate_pem"].encode())
    assert published["sha256"] == certificate.fingerprint(hashes.SHA256()).hex()
    ca = tmp_path / "ca.pem"
    ca.write_text(published["certificate_pem"])
    pinned = _verify(package, "--c2pa-ca", str(ca))
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    assert f"C2PA {listed['path']}: Trusted, signed by {signer}" in pinned.stdout

    # One changed byte of the copy's video data: c2pa's check fails, and so do the hashes.
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(tampered, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == listed["path"]:
                changed = bytearray(data)
                changed[changed.index(b"mdat") + 2048] ^= 0x01
                data = bytes(changed)
            target.writestr(member, data)
    failed = _verify(tampered)
    assert failed.returncode == 1
    assert f"FAILED {listed['path']}: C2PA manifest is Invalid" in failed.stdout
