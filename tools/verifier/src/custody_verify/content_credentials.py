"""The C2PA manifests of redacted copies in a package (decision 0049), read with c2pa's own
Reader (the `c2pa` extra): each must validate (a changed byte of the copy makes it Invalid),
be the manifest the package recorded, and name as its original the sha256 the package
recorded; with the issuer's C2PA CA certificate pinned it must also chain to it ("Trusted").
Without c2pa-python installed the copies are reported as not checked."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from custody_verify import layout

try:
    import c2pa
except ImportError:  # the verifier installs without its extra
    c2pa = None

NOT_INSTALLED = "not checked: install custody-verifier[c2pa] to check C2PA manifests"


@dataclass
class CopyReport:
    path: str
    state: str  # c2pa's validation state, or why it was not checked
    signed_by: str = ""
    original_sha256: str = ""
    problems: list[str] = field(default_factory=list)


def check_package(path: Path, anchors: tuple[bytes, ...]) -> list[CopyReport]:
    """The package's copies; none when its manifest cannot be read (verify_package says why)."""
    try:
        with zipfile.ZipFile(path) as package:
            items = json.loads(package.read(layout.MANIFEST)).get("items", [])
            return check_copies(package, items, anchors)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, AttributeError):
        return []


def check_copies(
    package: zipfile.ZipFile, items: list[dict[str, Any]], anchors: tuple[bytes, ...]
) -> list[CopyReport]:
    """One report per item the package recorded a C2PA manifest for."""
    recorded = [i for i in items if isinstance(i.get("c2pa"), dict)]
    if c2pa is None:
        return [CopyReport(str(i.get("path")), NOT_INSTALLED) for i in recorded]
    return [_check(package, item, anchors) for item in recorded]


def _check(
    package: zipfile.ZipFile, item: dict[str, Any], anchors: tuple[bytes, ...]
) -> CopyReport:
    path, record = str(item.get("path")), item["c2pa"]
    if record.get("validation_state") == "absent":
        return CopyReport(path, "absent (the copy was made before copies were signed)")
    try:
        with package.open(path) as member:
            found = _read(member, str(item.get("content_type")), anchors)
    except (KeyError, zipfile.BadZipFile, OSError, c2pa.C2paError) as exc:
        return CopyReport(
            path, "unreadable", problems=[f"{path}: C2PA manifest unreadable ({exc})"]
        )
    report = CopyReport(
        path, str(found["state"]), str(found["signed_by"] or ""), str(found["original_sha256"])
    )
    wanted = "Trusted" if anchors else "Valid"
    if found["state"] not in (wanted, "Trusted"):
        codes = ", ".join(found["failures"]) or "no reason given"
        report.problems.append(f"{path}: C2PA manifest is {found['state']}, not {wanted} ({codes})")
    if found["label"] != record.get("active_manifest"):
        report.problems.append(f"{path}: C2PA manifest {found['label']} is not the one recorded")
    if found["original_sha256"] != record.get("original_sha256"):
        report.problems.append(f"{path}: C2PA manifest names another original than recorded")
    return report


def _read(member: Any, content_type: str, anchors: tuple[bytes, ...]) -> dict[str, Any]:
    context = None
    if anchors:
        pems = "".join(a.decode("ascii") for a in anchors)
        settings = {"trust": {"trust_anchors": pems}, "verify": {"verify_trust": True}}
        context = c2pa.Context(c2pa.Settings.from_dict(settings))
    with c2pa.Reader(content_type, member, context=context) as reader:
        manifest: dict[str, Any] = reader.get_active_manifest() or {}
        results: dict[str, Any] = reader.get_validation_results() or {}
        state = reader.get_validation_state()
    parents = [i for i in manifest.get("ingredients", []) if i.get("relationship") == "parentOf"]
    failures = results.get("activeManifest", {}).get("failure", [])
    return {
        "state": state,
        "label": manifest.get("label"),
        "signed_by": manifest.get("signature_info", {}).get("issuer"),
        "original_sha256": parents[0].get("metadata", {}).get("org.custody.sha256")
        if parents
        else None,
        "failures": [str(f.get("code")) for f in failures],
    }
