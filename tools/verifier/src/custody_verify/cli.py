"""custody-verify package.zip [--key-id ID]... [--key issuer.pem]... [--keys keys.json]
[--require-pin] [--c2pa-ca ca.pem]...

The issuer's signing key rotates (decision 0046): give every key id or key the issuer has
published, or its whole key list (GET /api/v1/audit/public-keys saved as keys.json, which
also dates each key); the package's key must be one of them.

Redacted copies carry C2PA manifests (decision 0049), checked with c2pa's Reader when the
`c2pa` extra is installed; --c2pa-ca pins the issuer's C2PA CA certificate, which each copy's
signer must then chain to.

Exit status 0 when everything verifies, 1 when anything fails (each failure is printed on
its own FAILED line), 2 on a usage error, or with --require-pin and no pin.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from custody_verify import __version__
from custody_verify.content_credentials import CopyReport, check_package
from custody_verify.package import Pin, key_fingerprint, published_pin, verify_package

UNPINNED = (
    "WARNING: no --key-id or --key given: the package was checked against the public key it "
    "carries, so this shows only that it is intact and self-consistent, not who issued it. "
    "Get the issuer's key id or fingerprint from the issuing agency (not from this package) "
    "and run again with --key-id (use --require-pin to make this an error). "
    "This package's key fingerprint: {fingerprint}"
)


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog="custody-verify",
        description="Check a Custody disclosure package offline.",
        epilog="Pin the issuer's key (--key-id or --key): without one the verifier trusts "
        "the key inside the package, and says so.",
    )
    made.add_argument("package", type=Path, help="the disclosure ZIP")
    made.add_argument(
        "--key-id",
        "--pin",
        dest="key_ids",
        action="append",
        default=[],
        help="the issuer's signing key id (16 hex) or SHA-256 key fingerprint (64 hex), "
        "as the issuing agency publishes it (recommended); repeat for each of its keys",
    )
    made.add_argument(
        "--key",
        dest="keys",
        type=Path,
        action="append",
        default=[],
        help="the issuer's public key (PEM), pinned; repeat for each of its keys",
    )
    made.add_argument(
        "--keys",
        dest="key_list",
        type=Path,
        help="the issuer's published key list (the JSON of /api/v1/audit/public-keys)",
    )
    made.add_argument(
        "--require-pin", action="store_true", help="refuse to check without a pinned key"
    )
    _c2pa_options(made)
    made.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return made


def _c2pa_options(made: argparse.ArgumentParser) -> None:
    made.add_argument(
        "--c2pa-ca",
        dest="c2pa_cas",
        type=Path,
        action="append",
        default=[],
        help="the issuer's C2PA CA certificate (PEM): redacted copies must be signed under it; "
        "repeat for each CA it has used",
    )


def _pin(args: argparse.Namespace) -> Pin:
    listed = published_pin(json.loads(args.key_list.read_text())) if args.key_list else Pin()
    return Pin(
        key_ids=tuple(args.key_ids),
        public_keys_pem=(*(path.read_bytes() for path in args.keys), *listed.public_keys_pem),
        validity=listed.validity,
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        pin = _pin(args)
    except (OSError, ValueError) as exc:
        print(f"custody-verify: {exc}", file=sys.stderr)
        return 2
    if pin.empty and args.require_pin:
        print("custody-verify: --require-pin: give --key-id or --key", file=sys.stderr)
        return 2
    try:
        anchors = tuple(path.read_bytes() for path in args.c2pa_cas)
    except OSError as exc:
        print(f"custody-verify: {exc}", file=sys.stderr)
        return 2
    copies = check_package(args.package, anchors)
    failures = verify_package(args.package, pin) + [p for c in copies for p in c.problems]
    for copy in copies:
        print(_described(copy, bool(anchors)))
    for failure in failures:
        print(f"FAILED {failure}")
    if failures:
        return 1
    if pin.empty:
        print(UNPINNED.format(fingerprint=key_fingerprint(args.package)), file=sys.stderr)
    print(f"OK {args.package}: files, manifest, audit trails, proofs and signatures verify")
    print("The signing key is the pinned one." if not pin.empty else "The key is NOT pinned.")
    return 0


def _described(copy: CopyReport, anchored: bool) -> str:
    line = f"C2PA {copy.path}: {copy.state}"
    if copy.signed_by:
        line += f", signed by {copy.signed_by}"
        line += "" if anchored else " (C2PA CA not pinned: give --c2pa-ca)"
    if copy.original_sha256:
        line += f", original sha256 {copy.original_sha256}"
    return line
