"""The Ed25519 key that signs tree heads: a PKCS#8 PEM file outside the database.

The file is re-read when it changes (decision 0046): a rotation puts a new key in its place
and the next head is signed with it, without a restart. Only the public halves of earlier
keys are kept, in the ledger's key list (adapters/key_list.py)."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.domain.tree_heads import key_id_of


class TreeHeadSigner:
    """One key: signs, and names its public half."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        public = private_key.public_key()
        self.public_key = public
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.key_id = key_id_of(raw)
        self.public_key_pem = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)


class LedgerKey:
    """The key file at path, read again whenever it was replaced (a new inode, size or mtime:
    Kubernetes swaps a secret's files through a symlink, an operator renames one in place)."""

    def __init__(self, path: Path, *, create: bool) -> None:
        self.path = path
        self._signer = load_signer(path, create=create)
        self._stamp = _stamp(path)

    def current(self) -> TreeHeadSigner:
        stamp = _stamp(self.path)
        if stamp != self._stamp:
            self._signer, self._stamp = load_signer(self.path, create=False), stamp
        return self._signer


def _stamp(path: Path) -> tuple[int, int, int]:
    found = path.stat()
    return found.st_ino, found.st_size, found.st_mtime_ns


def load_signer(path: Path, *, create: bool) -> TreeHeadSigner:
    """The key at path; with create (never in production), a new one is written there first."""
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"tree head signing key {path} does not exist")
        write_key(path, replace=False)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return TreeHeadSigner(key)


def write_key(path: Path, *, replace: bool) -> None:
    """A new key at path, readable by its owner only. With replace, it is written beside the
    old one and renamed over it, so a reader sees the old key or the new, never half a file."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path.with_name(f".{path.name}.new") if replace else path
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
        file.flush()
        os.fsync(file.fileno())
    if replace:
        os.replace(target, path)
