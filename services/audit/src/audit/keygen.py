"""`python -m audit.keygen PATH`: the tree-head signing key at PATH, made once and then kept
(compose's ledger-key one-shot writes it to its volume before the audit service starts)."""

from __future__ import annotations

import sys
from pathlib import Path

from audit.adapters.signing_key import load_signer


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m audit.keygen PATH", file=sys.stderr)
        return 2
    signer = load_signer(Path(argv[0]), create=True)
    print(f"tree head signing key {argv[0]}: key id {signer.key_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
