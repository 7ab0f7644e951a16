"""Who may do what with a case or an item: owners, grants, and share links."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from custody_contracts.principal import (
    ROLE_GUEST,
    ROLE_ORG_ADMIN,
    ROLE_SERVICE,
    ROLE_SUPERADMIN,
    Principal,
)
from custody_platform.errors import InvalidArgument, PermissionDenied

GrantPermission = Literal["view", "download", "contribute"]
Access = Literal["owner", "view", "download", "contribute"]
GRANT_PERMISSIONS = ("view", "download", "contribute")
LINK_PERMISSIONS = ("view", "download")
GRANTEE_TYPES = ("user", "org", "guest")
OBJECT_TYPES = ("case", "evidence")
# contribute = view + add evidence; only download (and owner) may fetch whole files.
_RANK = {"view": 0, "contribute": 1, "download": 2, "owner": 3}
TOKEN_BYTES = 32


def best(accesses: Iterable[str]) -> Access | None:
    ranked = sorted(accesses, key=_RANK.__getitem__)
    return ranked[-1] if ranked else None  # type: ignore[return-value]


def is_guest(principal: Principal) -> bool:
    """A guest carries the inviting organization's id but is never one of its members: it
    reaches only what was granted to it as a user (its own requests' deliveries)."""
    return principal.has_role(ROLE_GUEST) and not principal.has_role(ROLE_SERVICE)


def is_member(principal: Principal, org_id: uuid.UUID) -> bool:
    return org_id == principal.org_id and not is_guest(principal)


def member_org(principal: Principal) -> uuid.UUID:
    """The caller's organization, for acting as one of its members; guests are refused."""
    if is_guest(principal):
        raise PermissionDenied("a guest may not do this")
    return principal.org_id


def can_download(access: str) -> bool:
    return access in ("owner", "download")


def can_contribute(access: str) -> bool:
    return access in ("owner", "contribute")


def ensure_download(access: str) -> None:
    if not can_download(access):
        raise PermissionDenied("this evidence may be viewed but not downloaded")


def ensure_org_admin(principal: Principal, what: str) -> None:
    """Settings of the whole organization are for its admins (and superadmins)."""
    if not principal.has_role(ROLE_ORG_ADMIN, ROLE_SUPERADMIN):
        raise PermissionDenied(f"only an org admin may {what}")


def ensure_may_pass_on(held: str, permission: str) -> None:
    """A holder never passes on more than it holds: a grant or share link may give download
    only where the caller may download (a view-only delivery stays view only)."""
    if permission == "download" and not can_download(held):
        raise PermissionDenied(
            "permission: this evidence is view only, so no grant or share link may give download"
        )


def served_length(permission: str, length: int, view_limit: int) -> int:
    """How much of a requested range is sent: all of it to those who may download, at most
    view_limit bytes per request to view-only holders (decision 0013)."""
    return length if can_download(permission) else min(length, view_limit)


def item_permission(access: str, intrinsic: str) -> Literal["view", "download"]:
    """What a caller may do with an item: their access, capped by the item's own limit (a
    camera owner's view-only grant binds everyone downstream too)."""
    return "download" if can_download(access) and intrinsic == "download" else "view"


def check_choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidArgument(f"{what} must be one of {', '.join(allowed)}")
    return value


def check_expiry(expires_at: datetime | None, now: datetime) -> None:
    if expires_at is not None and expires_at <= now:
        raise InvalidArgument("expires_at must be in the future")


def active(expires_at: datetime | None, revoked_at: datetime | None, now: datetime) -> bool:
    return revoked_at is None and (expires_at is None or expires_at > now)


def new_token() -> tuple[str, str]:
    """A bearer token for a link, and the hash stored in its place."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
