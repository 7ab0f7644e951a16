"""Redacted copies' C2PA manifests in a package, checked with c2pa's own Reader: the test
vector (a photo the redaction service signed, data/c2pa) validates and chains to its CA; under
another CA, with one changed byte, or as another manifest than the package recorded, it fails
and says why."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from custody_verify.content_credentials import check_package

pytestmark = pytest.mark.unit

DATA = Path(__file__).resolve().parents[1] / "data" / "c2pa"
VECTOR: dict[str, str] = json.loads((DATA / "vector.json").read_text())
COPY = "files/copy/scene-redacted.jpg"


def _package(tmp_path: Path, copy: bytes, **recorded: Any) -> Path:
    record = {"validation_state": "Valid", **VECTOR, **recorded}
    item = {"path": COPY, "content_type": "image/jpeg", "source": "derived", "c2pa": record}
    path = tmp_path / "package.zip"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("manifest.json", json.dumps({"items": [item]}))
        package.writestr(COPY, copy)
    return path


def _anchor(name: str) -> tuple[bytes, ...]:
    return ((DATA / name).read_bytes(),)


def test_the_copy_validates_and_chains_to_the_pinned_ca(tmp_path: Path) -> None:
    package = _package(tmp_path, (DATA / "scene-redacted.jpg").read_bytes())
    (unpinned,) = check_package(package, ())
    (pinned,) = check_package(package, _anchor("ca.pem"))
    assert (unpinned.state, unpinned.problems) == ("Valid", [])
    assert (pinned.state, pinned.problems) == ("Trusted", [])
    assert pinned.signed_by == "Custody organization 00000000-0000-0000-0000-000000000003"
    assert (
        pinned.original_sha256 == json.loads((DATA / "vector.json").read_text())["original_sha256"]
    )


def test_another_ca_is_not_trusted(tmp_path: Path) -> None:
    package = _package(tmp_path, (DATA / "scene-redacted.jpg").read_bytes())
    (report,) = check_package(package, _anchor("other-ca.pem"))
    assert report.problems == [
        f"{COPY}: C2PA manifest is Valid, not Trusted (signingCredential.untrusted)"
    ]


def test_one_changed_byte_of_the_picture_invalidates_it(tmp_path: Path) -> None:
    data = bytearray((DATA / "scene-redacted.jpg").read_bytes())
    data[data.rindex(b"\xff\xda") + 40] ^= 0x01  # inside the scan: the picture itself
    (report,) = check_package(_package(tmp_path, bytes(data)), ())
    assert report.state == "Invalid"
    assert "assertion.dataHash.mismatch" in report.problems[0]


def test_a_manifest_other_than_the_recorded_one_fails(tmp_path: Path) -> None:
    copy = (DATA / "scene-redacted.jpg").read_bytes()
    (report,) = check_package(_package(tmp_path, copy, active_manifest="urn:c2pa:other"), ())
    label = VECTOR["active_manifest"]
    assert report.problems == [f"{COPY}: C2PA manifest {label} is not the one recorded"]
    (report,) = check_package(_package(tmp_path, copy, original_sha256="0" * 64), ())
    assert report.problems == [f"{COPY}: C2PA manifest names another original than recorded"]


def test_a_copy_made_before_signing_is_reported_not_failed(tmp_path: Path) -> None:
    package = _package(tmp_path, b"\xff\xd8\xff\xd9", validation_state="absent")
    (report,) = check_package(package, ())
    assert report.state.startswith("absent") and report.problems == []
