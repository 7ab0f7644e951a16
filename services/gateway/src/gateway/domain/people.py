"""People's lifecycle (decision 0042): who may change whose roles, what a user who must
change their password may call, and the keyset cursor of the people list. No I/O.

An admin's password reset sets a temporary password and ``password_change_required``: the
user signs in with it, and every operation but ``PASSWORD_CHANGE_OPERATIONS`` answers 403
``password_change_required`` until they choose their own.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import uuid
from dataclasses import dataclass

from custody_contracts.principal import ROLE_ORG_ADMIN, ROLE_SUPERADMIN, Principal
from custody_platform.errors import Conflict, InvalidArgument, PermissionDenied

from gateway.domain.policy import ASSIGNABLE_ROLES, ensure_can_manage_users

GRANTABLE_ROLES = ASSIGNABLE_ROLES | {ROLE_SUPERADMIN}
PASSWORD_CHANGE_OPERATIONS = frozenset({"read_me", "change_my_password", "logout"})
WRONG_PASSWORD = "the current password is not right"
SAME_PASSWORD = "the new password must differ from the current one"


class PasswordChangeRequired(PermissionDenied):
    code = "password_change_required"
    title = "Password change required"

    def __init__(self) -> None:
        super().__init__(
            "an administrator reset your password: choose a new one "
            "(POST /api/v1/users/me/password) before doing anything else"
        )


def may_call(operation: str, *, password_change_required: bool) -> bool:
    return not password_change_required or operation in PASSWORD_CHANGE_OPERATIONS


def ensure_can_administer(
    principal: Principal, user_id: uuid.UUID, user_org_id: uuid.UUID, roles: frozenset[str]
) -> None:
    """Reactivate, reset a password or change the roles of someone: org admins within their
    organization, superadmins anywhere; only a superadmin touches a superadmin's account."""
    ensure_can_manage_users(principal, user_org_id)
    if ROLE_SUPERADMIN in roles and not principal.has_role(ROLE_SUPERADMIN):
        raise PermissionDenied("only a superadmin may change a superadmin's account")


def ensure_not_self(principal: Principal, user_id: uuid.UUID, action: str) -> None:
    if user_id == principal.user_id:
        raise Conflict(f"you may not {action} yourself")


def ensure_role_change(
    principal: Principal, user_id: uuid.UUID, before: frozenset[str], after: frozenset[str]
) -> None:
    """Nobody takes their own org_admin (or superadmin) role away, so an organization never
    locks itself out by mistake; only a superadmin grants superadmin."""
    if not after:
        raise InvalidArgument("a user needs at least one role")
    if unknown := after - GRANTABLE_ROLES:
        raise InvalidArgument(f"roles not assignable: {', '.join(sorted(unknown))}")
    if ROLE_SUPERADMIN in after - before and not principal.has_role(ROLE_SUPERADMIN):
        raise PermissionDenied("only a superadmin may grant superadmin")
    if user_id == principal.user_id:
        for role in (ROLE_ORG_ADMIN, ROLE_SUPERADMIN):
            if role in before - after:
                raise Conflict(f"you may not remove your own {role} role")


def temporary_password() -> str:
    """20 URL-safe characters (120 bits), shown once to the resetting admin."""
    return secrets.token_urlsafe(15)


@dataclass(frozen=True)
class PeopleQuery:
    text: str = ""  # in the email or the display name, any case
    role: str = ""
    active: bool | None = None  # None: active and deactivated alike
    after: str | None = None  # the email the previous page ended with
    limit: int = 50


def encode_cursor(email: str) -> str:
    """People are listed by email (unique): the last one shown is where the next page starts."""
    return base64.urlsafe_b64encode(email.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str | None:
    if not cursor:
        return None
    try:
        email = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        email = ""
    if not email or not email.isprintable():  # what no list answered (a NUL breaks Postgres)
        raise InvalidArgument("cursor is not valid")
    return email
