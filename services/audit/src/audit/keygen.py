"""`python -m audit.keygen PATH`: the tree-head signing key at PATH, made once and then kept
(compose's ledger-key one-shot writes it to its volume before the audit service starts).

`python -m audit.keygen --rotate PATH`: a new key replaces the one at PATH (decision 0046).
The audit service reads the file again before its next head; the old key's public half is
already in the ledger's key list, so heads it signed keep verifying. Prints JSON:
{"previous_key_id": …, "key_id": …}."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from audit.adapters.signing_key import load_signer, write_key

USAGE = "usage: python -m audit.keygen [--rotate] PATH"


def main(argv: list[str]) -> int:
    rotate = argv[:1] == ["--rotate"]
    paths = argv[1:] if rotate else argv
    if len(paths) != 1 or paths[0].startswith("-"):
        print(USAGE, file=sys.stderr)
        return 2
    path = Path(paths[0])
    if rotate:
        return _rotate(path)
    signer = load_signer(path, create=True)
    print(f"tree head signing key {path}: key id {signer.key_id}")
    return 0


def _rotate(path: Path) -> int:
    try:
        previous = load_signer(path, create=False).key_id
        write_key(path, replace=True)
    except (OSError, ValueError) as exc:
        print(json.dumps({"error": str(exc)}))
        return 3
    current = load_signer(path, create=False).key_id
    print(json.dumps({"previous_key_id": previous, "key_id": current}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
