"""Disclosure packages: what may be asked for, the one-time acknowledgement token, and the
package's layout and manifest. Pure; the offline verifier reads the same layout."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from custody_platform.errors import InvalidArgument

from audit.domain.package_layout import (  # noqa: F401  (re-exported for the builder)
    FORMAT,
    MANIFEST,
    MANIFEST_SIGNATURE,
    PUBLIC_KEY,
    RECEIPT,
    TREE_HEAD,
    trail_path,
)

MAX_ITEMS = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class DisclosureRequest:
    case_id: uuid.UUID
    evidence_ids: tuple[uuid.UUID, ...]
    recipient_name: str
    recipient_email: str
    note: str

    @classmethod
    def parse(
        cls,
        case_id: uuid.UUID,
        evidence_ids: Iterable[uuid.UUID],
        name: str,
        email: str,
        note: str,
    ) -> DisclosureRequest:
        ids = tuple(dict.fromkeys(evidence_ids))
        if not ids or len(ids) > MAX_ITEMS:
            raise InvalidArgument(f"select between 1 and {MAX_ITEMS} evidence items")
        if not name.strip() or len(name) > 200 or len(email) > 200 or len(note) > 2000:
            raise InvalidArgument("recipient_name is required; names and note must be short")
        return cls(case_id, ids, name.strip(), email.strip(), note.strip())


def acknowledger(name: str) -> str:
    """Who acknowledges: the name they typed, required and short."""
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 200:
        raise InvalidArgument("name is required (at most 200 characters)")
    return cleaned


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> bytes:
    """Only the hash is stored: a database reader cannot acknowledge in the recipient's name."""
    return hashlib.sha256(token.encode("utf-8")).digest()


def file_path(evidence_id: uuid.UUID, filename: str) -> str:
    safe = _UNSAFE.sub("_", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip("._")
    return f"files/{evidence_id}/{safe[:120] or 'original'}"


def manifest(
    *,
    disclosure_id: uuid.UUID,
    header: dict[str, Any],
    items: list[dict[str, Any]],
    documents: dict[str, str],
) -> dict[str, Any]:
    """items: one entry per original (path, sha256, size, metadata); documents: path → sha256
    of every other file, so the signed manifest covers every byte of the package."""
    return {
        "format": FORMAT,
        "disclosure_id": str(disclosure_id),
        **header,
        "items": items,
        "documents": documents,
    }
