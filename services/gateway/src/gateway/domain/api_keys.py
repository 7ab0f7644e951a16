"""API keys of service accounts (CAD, RMS; decision 0043): the rules, without I/O.

A key is ``cak_<id>_<secret>``: ``cak_<id>`` is its visible prefix (16 hex characters, listed
and audited), the secret is 256 random bits. Only the sha256 of the whole key is kept: the
secret is random, not a password, so a fast hash is as strong as a slow one and lets every
request check it cheaply. A key calls only the operations it is scoped to, named by their
operation ids; only the integration operations below may be scopes, never an administrative
one (keys, users, sign-in settings): what is not listed cannot be granted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from custody_contracts.principal import ROLE_INVESTIGATOR
from custody_platform.errors import InvalidArgument, PermissionDenied

KEY_PREFIX = "cak_"
_ID_CHARS = 16
LONGEST = timedelta(days=365)
INVALID_KEY = "invalid, expired or revoked API key"

# Scopable operation id -> the role its key's principal carries for the services behind it.
SCOPES: dict[str, str] = {
    "list_cases": ROLE_INVESTIGATOR,
    "read_case": ROLE_INVESTIGATOR,
    "create_case": ROLE_INVESTIGATOR,
    "update_case": ROLE_INVESTIGATOR,
    "open_incident_case": ROLE_INVESTIGATOR,
    "list_case_evidence": ROLE_INVESTIGATOR,
    "read_evidence": ROLE_INVESTIGATOR,
    "list_comments": ROLE_INVESTIGATOR,
    "add_comment": ROLE_INVESTIGATOR,
}
# What an admin reads beside each scope when choosing (the routes' docstrings are for developers).
SCOPE_LABELS: dict[str, str] = {
    "list_cases": "List and search the organization's cases",
    "read_case": "Read a case",
    "create_case": "Create a case",
    "update_case": "Change a case's details",
    "open_incident_case": "Open the case of a CAD incident by its number (once per incident)",
    "list_case_evidence": "List a case's evidence items",
    "read_evidence": "Read an evidence item's details",
    "list_comments": "Read an item's comments",
    "add_comment": "Comment on an item",
}


@dataclass(frozen=True)
class NewKey:
    """A key as created: ``secret`` is shown once and never kept."""

    prefix: str
    secret: str
    sha256: str


def new_key() -> NewKey:
    prefix = KEY_PREFIX + secrets.token_hex(_ID_CHARS // 2)
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    return NewKey(prefix, secret, digest(secret))


def is_api_key(credential: str) -> bool:
    """A bearer credential that is a key, not a JWT (which starts with ``eyJ``)."""
    return credential.startswith(KEY_PREFIX)


def prefix_of(credential: str) -> str | None:
    """The key's visible prefix, or None for anything not shaped like a key."""
    cut = len(KEY_PREFIX) + _ID_CHARS
    prefix, sep, secret = credential[:cut], credential[cut : cut + 1], credential[cut + 1 :]
    if not is_api_key(prefix) or sep != "_" or len(secret) < 32:
        return None
    return prefix


def digest(credential: str) -> str:
    return hashlib.sha256(credential.encode()).hexdigest()


def matches(credential: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(credential), stored_digest)


def check_scopes(scopes: Iterable[str]) -> list[str]:
    """The scopes, sorted and without repeats, if every one is a scopable operation."""
    chosen = sorted(set(scopes))
    unknown = [s for s in chosen if s not in SCOPES]
    if not chosen:
        raise InvalidArgument("scopes: choose at least one operation")
    if unknown:
        raise InvalidArgument(f"scopes: not operations a key may call: {', '.join(unknown)}")
    return chosen


def check_expiry(expires_at: datetime, now: datetime) -> datetime:
    if expires_at <= now:
        raise InvalidArgument("expires_at must be in the future")
    if expires_at > now + LONGEST:
        raise InvalidArgument(f"expires_at may be at most {LONGEST.days} days ahead")
    return expires_at


def roles_of(scopes: Iterable[str]) -> frozenset[str]:
    """What the services see: the roles the key's operations need, never an admin's."""
    return frozenset(SCOPES[s] for s in scopes if s in SCOPES)


def ensure_scoped(scopes: Iterable[str], operation: str) -> None:
    if operation not in scopes:
        raise PermissionDenied(f"this API key is not scoped to {operation or 'this operation'}")


def usable(*, revoked_at: datetime | None, expires_at: datetime, now: datetime) -> bool:
    return revoked_at is None and now < expires_at
