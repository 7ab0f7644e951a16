"""Vendor the AsyncAPI 3.0.0 JSON schema that tests/test_asyncapi.py checks docs/asyncapi.yaml
against. Rerunnable: `npm pack @asyncapi/specs@VERSION` (the AsyncAPI initiative's own
package of its schemas), then the self-contained schema (local `$ref`s only, draft-07) and
the licence are copied; VERSION records the package version and the tarball's sha256.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "tests/vendor/asyncapi"
PACKAGE, VERSION = "@asyncapi/specs", "6.11.1"
FILES = {"schemas/3.0.0-without-$id.json": "asyncapi-3.0.0.schema.json", "LICENSE": "LICENSE"}


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["npm", "pack", "--silent", f"{PACKAGE}@{VERSION}"], cwd=work, check=True)
        [tarball] = Path(work).glob("*.tgz")
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        with tarfile.open(tarball) as archive:
            archive.extractall(work, members=[archive.getmember(f"package/{n}") for n in FILES])
        shutil.rmtree(FOLDER, ignore_errors=True)
        FOLDER.mkdir(parents=True)
        for inside, name in FILES.items():
            shutil.copyfile(Path(work) / "package" / inside, FOLDER / name)
    (FOLDER / "VERSION").write_text(f"{PACKAGE} {VERSION} sha256:{digest}\n")
    print(f"vendored {PACKAGE}@{VERSION} into {FOLDER.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
