"""`python -m redaction.c2pa_ca PATH`: the installation's C2PA CA key at PATH, made once and
then kept (compose's c2pa-key one-shot writes it to its volume before redaction starts).
Prints the CA certificate (PEM) that recipients pin: `custody-verify --c2pa-ca FILE`.

Rotating: put a new key file at PATH (decision 0049); the next copy is signed under it.
Keep the old certificate: copies signed before are anchored in it."""

from __future__ import annotations

import sys
from pathlib import Path

from redaction.adapters.c2pa_keys import C2paAuthority

USAGE = "usage: python -m redaction.c2pa_ca PATH"


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        print(USAGE, file=sys.stderr)
        return 2
    sys.stdout.write(C2paAuthority(Path(argv[0]), create=True).ca_certificate_pem().decode())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
