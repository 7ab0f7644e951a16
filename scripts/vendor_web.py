"""Vendor the web app's front-end libraries (`make vendor`): no CDN, and no node on a user's
machine. Rerunnable: `npm pack NAME@VERSION` for each pinned package, then only the files the
pages load (and each package's licence) are copied into their folder, which is replaced whole.
A VERSIONS manifest records each package's version and the sha256 of its tarball.

axe-core is for the browser tests only: it goes under tests/e2e/vendor, never served to users.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "services/web/src/web/static/vendor"
TEST_ONLY = ROOT / "tests/e2e/vendor"
API_DOCS = ROOT / "services/gateway/src/gateway/entrypoints/public/static/vendor"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    folder: Path
    # Paths inside the tarball's `package/` directory: files, or directories copied whole.
    files: tuple[str, ...]


PACKAGES = (
    Package(
        "@uswds/uswds",
        "3.14.0",
        STATIC / "uswds",
        (
            "LICENSE.md",
            "dist/css/uswds.min.css",
            "dist/js/uswds-init.min.js",
            "dist/js/uswds.min.js",
            # One font family (Source Sans Pro, the USWDS default), Latin subset, woff2 only.
            "dist/fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2",
            "dist/fonts/source-sans-pro/sourcesanspro-bold-webfont.woff2",
            "dist/fonts/source-sans-pro/sourcesanspro-italic-webfont.woff2",
            "dist/img/us_flag_small.png",
            "dist/img/usa-icons/close.svg",
            "dist/img/usa-icons/navigate_next.svg",
            "dist/img/usa-icons/expand_more.svg",
            "dist/img/usa-icons/expand_less.svg",
            "dist/img/usa-icons/error.svg",
            "dist/img/usa-icons/info.svg",
            "dist/img/usa-icons/check_circle.svg",
            "dist/img/usa-icons/warning.svg",
            "dist/img/usa-icons-bg/close--white.svg",
        ),
    ),
    Package("htmx.org", "2.0.11", STATIC / "htmx", ("LICENSE", "dist/htmx.min.js")),
    # Live updates (notification tray, transfers) over Server-Sent Events.
    Package("htmx-ext-sse", "2.2.4", STATIC / "htmx-ext-sse", ("LICENSE", "dist/sse.min.js")),
    Package(
        "leaflet",
        "1.9.4",
        STATIC / "leaflet",
        (
            "LICENSE",
            "dist/leaflet.js",
            "dist/leaflet.css",
            "dist/images/layers.png",
            "dist/images/layers-2x.png",
            "dist/images/marker-icon.png",
            "dist/images/marker-icon-2x.png",
            "dist/images/marker-shadow.png",
        ),
    ),
    Package(
        "leaflet.markercluster",
        "1.5.3",
        STATIC / "leaflet.markercluster",
        (
            "MIT-LICENCE.txt",
            "dist/leaflet.markercluster.js",
            "dist/MarkerCluster.css",
            "dist/MarkerCluster.Default.css",
        ),
    ),
    # Resumable uploads from the browser (evidence, thumbnails, public file requests).
    Package("tus-js-client", "4.3.1", STATIC / "tus-js-client", ("LICENSE", "dist/tus.min.js")),
    # The gateway's API docs page works offline: Swagger UI from here, not from a CDN.
    Package(
        "swagger-ui-dist",
        "5.36.0",
        API_DOCS / "swagger-ui",
        ("LICENSE", "swagger-ui-bundle.js", "swagger-ui.css"),
    ),
    Package("axe-core", "4.10.3", TEST_ONLY / "axe-core", ("LICENSE", "axe.min.js")),
)


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        for folder in {package.folder.parent for package in PACKAGES}:
            folder.mkdir(parents=True, exist_ok=True)
        manifests: dict[Path, list[str]] = {}
        for package in PACKAGES:
            line = vendor(package, Path(scratch))
            manifests.setdefault(package.folder.parent, []).append(line)
            print(line)
        for folder, lines in manifests.items():
            header = "# package version tarball-sha256 (written by scripts/vendor_web.py)\n"
            (folder / "VERSIONS").write_text(header + "\n".join(sorted(lines)) + "\n")
    return 0


def vendor(package: Package, scratch: Path) -> str:
    tarball = pack(package, scratch)
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    shutil.rmtree(package.folder, ignore_errors=True)
    with tarfile.open(tarball) as archive:
        for wanted in package.files:
            member = archive.getmember(f"package/{wanted}")
            source = archive.extractfile(member)
            if source is None:
                raise SystemExit(f"{package.name}: {wanted} is not a file")
            target = package.folder / wanted
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())
    return f"{package.name} {package.version} {digest}"


def pack(package: Package, scratch: Path) -> Path:
    spec = f"{package.name}@{package.version}"
    result = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(scratch)],
        check=True,
        capture_output=True,
        text=True,
    )
    return scratch / result.stdout.strip().splitlines()[-1]


if __name__ == "__main__":
    sys.exit(main())
