"""Checking a disclosure package: names what fails.

Checks every member's ZIP checksum; the manifest's Ed25519 signature with the included key
(and that key against the pin, if given); every original's sha256 and size against the
manifest; every other document's sha256 against the manifest; the tree head's signature;
every audit entry's leaf hash and its inclusion proof to the tree head's root.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from custody_verify import layout
from custody_verify.merkle import fingerprint, leaf_hash, signed_text, verify_inclusion

CHUNK = 1 << 20


class PackageInvalid(Exception):
    """The package cannot be checked any further."""


@dataclass(frozen=True)
class Pin:
    """What the recipient knows of the issuer's keys from elsewhere: key ids (16 hex) or
    SHA-256 fingerprints (64 hex), or the public keys themselves (PEM). The issuer's key
    rotates (decision 0046): the package's key must be one of those given. With the issuer's
    published key list, each key's validity too: (key id, first head ms, last head ms)."""

    key_ids: tuple[str, ...] = ()
    public_keys_pem: tuple[bytes, ...] = ()
    validity: tuple[tuple[str, int | None, int | None], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.key_ids and not self.public_keys_pem


def published_pin(document: dict[str, Any]) -> Pin:
    """The issuer's key list as GET /api/v1/audit/public-keys answers it."""
    try:
        items = list(document["items"])
        pems = tuple(str(k["public_key_pem"]).encode("ascii") for k in items)
        validity = tuple(
            (str(k["key_id"]), k.get("valid_from_ms"), k.get("valid_until_ms")) for k in items
        )
    except (KeyError, TypeError, AttributeError, UnicodeEncodeError) as exc:
        raise ValueError(f"not a published key list ({exc!r})") from None
    return Pin(public_keys_pem=pems, validity=validity)


def verify_package(path: Path, pin: Pin | None = None) -> list[str]:
    """Every failure found, as a sentence naming the member or entry; empty when valid."""
    failures: list[str] = []
    try:
        with zipfile.ZipFile(path) as package:
            _check(package, pin or Pin(), failures)
    except (zipfile.BadZipFile, OSError) as exc:
        failures.append(f"{path}: not a readable ZIP ({exc})")
    except PackageInvalid as exc:
        failures.append(str(exc))
    return failures


def _check(package: zipfile.ZipFile, pin: Pin, failures: list[str]) -> None:
    digests = _member_digests(package, failures)
    key = _public_key(package)
    manifest_bytes = _read(package, layout.MANIFEST)
    _check_signature(key, _read(package, layout.MANIFEST_SIGNATURE), manifest_bytes, failures)
    manifest = _json(layout.MANIFEST, manifest_bytes)
    key_id = _key_id(key)
    if manifest.get("signing_key_id") != key_id:
        failures.append(f"{layout.PUBLIC_KEY}: key id {key_id} is not the manifest's")
    failures.extend(_pin_problems(key, pin))
    _check_listed(manifest, digests, failures)
    head = _json(layout.TREE_HEAD, _read(package, layout.TREE_HEAD))
    _check_head(head, key, key_id, failures)
    failures.extend(_validity_problems(head, key_id, pin))
    for item in manifest.get("items", []):
        trail_path = str(item.get("audit_trail"))
        trail = _json(trail_path, _read(package, trail_path))
        _check_trail(trail_path, trail, head, str(item.get("evidence_id")), failures)


def _member_digests(package: zipfile.ZipFile, failures: list[str]) -> dict[str, tuple[str, int]]:
    """sha256 and size of every member, read in chunks; the ZIP's CRC is checked on the way."""
    digests: dict[str, tuple[str, int]] = {}
    for info in package.infolist():
        digest, size = hashlib.sha256(), 0
        try:
            with package.open(info) as member:
                while chunk := member.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            failures.append(f"{info.filename}: damaged in the ZIP ({exc})")
            continue
        digests[info.filename] = (digest.hexdigest(), size)
    return digests


def _read(package: zipfile.ZipFile, name: str) -> bytes:
    try:
        return package.read(name)
    except KeyError:
        raise PackageInvalid(f"{name}: missing from the package") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageInvalid(f"{name}: damaged in the ZIP ({exc})") from None


def _json(name: str, data: bytes) -> dict[str, Any]:
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageInvalid(f"{name}: not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise PackageInvalid(f"{name}: not a JSON object")
    return document


def _public_key(package: zipfile.ZipFile) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(_read(package, layout.PUBLIC_KEY))
    except ValueError as exc:
        raise PackageInvalid(f"{layout.PUBLIC_KEY}: not a PEM public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise PackageInvalid(f"{layout.PUBLIC_KEY}: not an Ed25519 key")
    return key


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _key_id(key: Ed25519PublicKey) -> str:
    return fingerprint(_raw(key))[:16]


def key_fingerprint(path: Path) -> str:
    """The SHA-256 fingerprint of the key inside a package (what to compare with the
    issuer's published one)."""
    with zipfile.ZipFile(path) as package:
        return fingerprint(_raw(_public_key(package)))


def _pin_problems(key: Ed25519PublicKey, pin: Pin) -> list[str]:
    problems, found = [], fingerprint(_raw(key))
    wanted = [k.strip().lower() for k in pin.key_ids]
    if wanted and not any(w in (found, found[:16]) for w in wanted):
        shown = found if all(len(w) == len(found) for w in wanted) else found[:16]
        problems.append(f"{layout.PUBLIC_KEY}: key id {shown}, expected {' or '.join(wanted)}")
    if pin.public_keys_pem:
        try:
            pinned = [serialization.load_pem_public_key(pem) for pem in pin.public_keys_pem]
        except ValueError:
            return [*problems, "the pinned key: not a PEM public key"]
        if not any(isinstance(p, Ed25519PublicKey) and _raw(p) == _raw(key) for p in pinned):
            problems.append(f"{layout.PUBLIC_KEY}: not the pinned key")
    return problems


def _validity_problems(head: dict[str, Any], key_id: str, pin: Pin) -> list[str]:
    """A head signed outside its key's published time: before the key's first head, or
    after the next key's first (a retired key that signs again was not retired)."""
    signed = head.get("timestamp_ms")
    for kid, start, end in pin.validity:
        outside = isinstance(signed, int) and (
            bool(start and signed < start) or bool(end and signed >= end)
        )
        if kid == key_id and outside:
            return [f"{layout.TREE_HEAD}: signed at {signed} ms, outside key {kid}'s validity"]
    return []


def _check_signature(
    key: Ed25519PublicKey, signature_hex: bytes, manifest: bytes, failures: list[str]
) -> None:
    try:
        key.verify(bytes.fromhex(signature_hex.decode("ascii").strip()), manifest)
    except (InvalidSignature, ValueError, UnicodeDecodeError):
        failures.append(f"{layout.MANIFEST}: signature ({layout.MANIFEST_SIGNATURE}) is invalid")


def _check_listed(
    manifest: dict[str, Any], digests: dict[str, tuple[str, int]], failures: list[str]
) -> None:
    expected: dict[str, tuple[str, int | None]] = {
        str(i.get("path")): (str(i.get("sha256")), i.get("size")) for i in manifest.get("items", [])
    }
    expected |= {path: (str(sha), None) for path, sha in manifest.get("documents", {}).items()}
    for path, (sha256, size) in expected.items():
        if path not in digests:
            failures.append(f"{path}: listed in the manifest but missing or unreadable")
        elif digests[path][0] != sha256:
            failures.append(f"{path}: sha256 {digests[path][0]} does not match the manifest")
        elif size is not None and digests[path][1] != size:
            failures.append(f"{path}: {digests[path][1]} bytes, the manifest says {size}")
    unsigned = {layout.MANIFEST, layout.MANIFEST_SIGNATURE}
    for path in sorted(set(digests) - set(expected) - unsigned):
        failures.append(f"{path}: not listed in the manifest")


def _check_head(
    head: dict[str, Any], key: Ed25519PublicKey, key_id: str, failures: list[str]
) -> None:
    try:
        message = signed_text(
            int(head["tree_size"]),
            bytes.fromhex(head["root_hash"]),
            int(head["timestamp_ms"]),
            str(head["key_id"]),
        )
        key.verify(bytes.fromhex(head["signature"]), message)
    except (KeyError, ValueError, TypeError, InvalidSignature):
        failures.append(f"{layout.TREE_HEAD}: signature is invalid")
    if head.get("key_id") != key_id:
        failures.append(f"{layout.TREE_HEAD}: signed by key {head.get('key_id')}, not {key_id}")


def _check_trail(
    path: str, trail: dict[str, Any], head: dict[str, Any], evidence_id: str, failures: list[str]
) -> None:
    try:
        root, size = bytes.fromhex(head["root_hash"]), int(head["tree_size"])
    except (KeyError, ValueError, TypeError):
        failures.append(f"{layout.TREE_HEAD}: malformed")
        return
    if trail.get("object_id") != evidence_id or trail.get("tree_size") != size:
        failures.append(f"{path}: not the trail of {evidence_id} at tree size {size}")
    for entry in trail.get("entries", []):
        problem = _entry_problem(entry, evidence_id, size, root)
        if problem:
            failures.append(
                f"{path}: entry {entry.get('index')} ({entry.get('event_id')}) {problem}"
            )


def _entry_problem(entry: dict[str, Any], evidence_id: str, size: int, root: bytes) -> str | None:
    try:
        canonical = str(entry["canonical"])
        leaf = leaf_hash(canonical.encode("utf-8"))
        path = [bytes.fromhex(h) for h in entry["audit_path"]]
        index = int(entry["index"])
        record = json.loads(canonical)
    except (KeyError, ValueError, TypeError):
        return "is malformed"
    if leaf.hex() != entry.get("leaf_hash"):
        return "leaf hash does not match its canonical record"
    if record.get("object_id") != evidence_id or record.get("event_id") != entry.get("event_id"):
        return "is not about this item"
    if not verify_inclusion(leaf, index, size, path, root):
        return "inclusion proof does not lead to the tree head's root"
    return None
