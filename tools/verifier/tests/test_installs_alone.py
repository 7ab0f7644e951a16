"""A recipient installs the verifier alone: a fresh `python -m venv`, `pip install
tools/verifier` with no index (the network is never asked: wheels come from a local
wheelhouse), and `custody-verify` checks the test vector there, with no Custody code on the
path. The wheelhouse is $CUSTODY_WHEELHOUSE or the machine's local mirror; without one that
holds `cryptography` and `hatchling` the test is skipped (it never downloads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
PACKAGE = HERE / "data" / "package.zip"
CANDIDATES = ("/opt/pypi/files", "/opt/wheels")


def wheelhouse() -> Path | None:
    places = [os.environ.get("CUSTODY_WHEELHOUSE", ""), *CANDIDATES]
    for place in filter(None, places):
        names = [p.name for p in Path(place).glob("*.whl")]
        if any(n.startswith("cryptography-") for n in names) and any(
            n.startswith("hatchling-") for n in names
        ):
            return Path(place)
    return None


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, timeout=600, cwd=cwd, env=env
    )


def test_it_installs_alone_into_a_fresh_venv_and_verifies(tmp_path: Path) -> None:
    wheels = wheelhouse()
    if wheels is None:
        pytest.skip("no local wheelhouse with cryptography and hatchling ($CUSTODY_WHEELHOUSE)")
    venv = tmp_path / "recipient"
    made = run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--no-index", "--quiet"]
    installed = run(*pip, "--find-links", wheels, PROJECT, cwd=tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    listed = run(venv / "bin" / "python", "-m", "pip", "list", "--format=json", cwd=tmp_path)
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert names - {"pip", "setuptools", "wheel"} == {
        "custody-verifier",
        "cryptography",
        "cffi",
        "pycparser",
    }
    for module in ("audit", "custody_platform", "custody_contracts"):
        absent = run(venv / "bin" / "python", "-c", f"import {module}", cwd=tmp_path)
        assert absent.returncode != 0, f"{module} is importable in the recipient's venv"

    vector = json.loads((HERE / "data" / "package.json").read_text())
    verify = venv / "bin" / "custody-verify"
    pinned = run(verify, PACKAGE, "--key-id", vector["key_id"], "--require-pin", cwd=tmp_path)
    assert pinned.returncode == 0 and pinned.stdout.startswith("OK"), pinned.stderr
    unpinned = run(verify, PACKAGE, cwd=tmp_path)
    assert unpinned.returncode == 0 and "WARNING" in unpinned.stderr
