"""The image, read without Docker: a multi-stage build whose dependency layer needs only the
manifests, a runtime stage with no build tools whose user owns the data folders and not the
code, and a build context without local environments, data or keys."""

from __future__ import annotations

import fnmatch
import glob
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
UV = ROOT / ".venv" / "tools" / "bin" / "uv"
USER = "10001"
BUILD_TOOLS = ("gcc", "g++", "build-essential", "make", "uv", "apt-get install")


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order; continuation lines joined, comments dropped."""
    lines, pending = [], ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        lines.append(pending + line)
        pending = ""
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def stages() -> dict[str, list[tuple[str, str]]]:
    named: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for instruction, args in instructions():
        if instruction == "FROM":
            current = named.setdefault(args.split()[-1], [])
        current.append((instruction, args))
    return named


def workspace_manifests() -> set[str]:
    members = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    return {
        str(Path(path, "pyproject.toml"))
        for pattern in members["members"]
        for path in sorted(glob.glob(pattern, root_dir=ROOT))
        if (ROOT / path / "pyproject.toml").exists()
    }


def copies(stage: list[tuple[str, str]]) -> list[list[str]]:
    """COPY instructions from the build context (not --from another stage)."""
    return [
        args.split()
        for instruction, args in stage
        if instruction == "COPY" and not args.startswith("--from")
    ]


def test_the_build_has_a_builder_and_a_runtime_stage() -> None:
    assert {"builder", "runtime"} <= set(stages())
    assert list(stages())[-1] == "runtime"  # what `docker build` produces


def test_dependencies_are_installed_from_the_manifests_before_the_source_is_copied() -> None:
    builder = stages()["builder"]
    runs = [i for i, (instruction, _) in enumerate(builder) if instruction == "RUN"]
    first_sync = runs[0]
    before = copies(builder[:first_sync])
    copied = {
        str(Path(dest, Path(src).name)) if dest.endswith("/") else src
        for words in before
        for src, dest in [(w, words[-1]) for w in words[:-1]]
    }
    assert copied == workspace_manifests() | {"pyproject.toml", "uv.lock"}
    assert "--no-install-workspace" in builder[first_sync][1]
    assert "--no-build" in builder[first_sync][1]  # prebuilt wheels only: no compiler needed
    source = copies(builder[first_sync:])
    assert ["libs", "libs"] in source and ["services", "services"] in source


@pytest.mark.skipif(not UV.exists(), reason="uv is installed by `make install`")
def test_the_dependency_layer_resolves_from_the_manifests_alone(tmp_path: Path) -> None:
    for manifest in workspace_manifests() | {"pyproject.toml", "uv.lock"}:
        (tmp_path / manifest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / manifest, tmp_path / manifest)
    builder = stages()["builder"]
    sync = next(args for instruction, args in builder if instruction == "RUN" and "sync" in args)
    flags = sync.split("uv sync", 1)[1].split()
    result = subprocess.run(
        [str(UV), "sync", *flags, "--dry-run", "--offline", "--python", "3.11"],
        cwd=tmp_path,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(tmp_path / ".venv")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_the_runtime_stage_has_no_build_tools_and_runs_as_the_unprivileged_user() -> None:
    runtime = stages()["runtime"]
    text = "\n".join(args for instruction, args in runtime if instruction != "FROM")
    for tool in BUILD_TOOLS:
        assert f" {tool}" not in f" {text}", tool
    assert [args for instruction, args in runtime if instruction == "USER"] == [f"{USER}:{USER}"]
    assert ("WORKDIR", "/app") in runtime


def test_the_user_owns_every_data_folder_a_compose_service_mounts() -> None:
    runtime = stages()["runtime"]
    made = " ".join(args for instruction, args in runtime if instruction == "RUN")
    assert f"--uid {USER}" in made
    assert "install -d -o custody -g custody" in made
    custody_image = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    mounts = {
        volume.split(":")[1]
        for service in custody_image.values()
        if service.get("image", "").startswith("${CUSTODY_IMAGE")
        for volume in service.get("volumes", [])
    }
    assert mounts, "the Custody services mount their data folders"
    for mount in mounts:
        assert mount.startswith("/data/") and f" {mount}" in made, mount


def dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(
    "path",
    [
        ".venv/bin/python",
        ".data/pg/PG_VERSION",
        ".data/ledger-signing-key.pem",
        ".data/secrets.json",
        "services/audit/.data/staging/x",
        "keys/ledger.pem",
        "tls/site.key",
        ".env",
        ".git/HEAD",
        "services/gateway/src/gateway/__pycache__/app.cpython-311.pyc",
    ],
)
def test_the_build_context_leaves_out_local_environments_data_and_keys(path: str) -> None:
    assert _ignored(path, dockerignore()), path


@pytest.mark.parametrize("path", ["uv.lock", "services/web/src/web/static/css/web.css"])
def test_the_build_context_keeps_the_source(path: str) -> None:
    assert not _ignored(path, dockerignore()), path


def _ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule, enough for these patterns: a pattern matches the path or a parent."""
    parts = Path(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(_match(prefix, pattern) for pattern in patterns for prefix in prefixes)


def _match(path: str, pattern: str) -> bool:
    if pattern.startswith("**/"):
        tail = pattern[3:]
        return any(
            fnmatch.fnmatchcase("/".join(path.split("/")[i:]), tail)
            for i in range(len(path.split("/")))
        )
    return fnmatch.fnmatchcase(path, pattern)
