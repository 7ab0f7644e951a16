"""The committed gRPC code is what proto/ generates today (scripts/gen_proto.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = ROOT / "libs" / "contracts" / "src" / "custody_contracts" / "grpc"


def _generated_files(directory: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.suffix in {".py", ".pyi"}
    }


@pytest.mark.unit
def test_generated_grpc_code_is_fresh(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_proto.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    fresh = _generated_files(tmp_path / "custody_contracts" / "grpc")
    committed = _generated_files(COMMITTED)
    stale = sorted(
        name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name)
    )
    assert not stale, f"generated gRPC code is stale ({', '.join(stale)}): run make proto"
