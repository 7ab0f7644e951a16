"""Guests: an owner organization's admin invites an outside investigator by email; the
invitation's one-time token becomes a user with the single role "guest", bound to the
inviting organization (the requests service then shows them only their own requests).
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from custody_contracts.events.gateway import GuestInvited
from custody_contracts.principal import ROLE_GUEST, Principal
from custody_platform.errors import Conflict, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork
from sqlmodel import col, select

from gateway.adapters.orm import GuestInvitation, Organization, User
from gateway.adapters.repository import IdentityRepository
from gateway.domain import policy
from gateway.domain.links import PublicLinks
from gateway.domain.passwords import hash_password

INVITATION_TTL = timedelta(days=7)
INVALID_INVITATION = "invitation not found, used or expired"


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: GuestInvitation
    token: str  # shown once; only its hash is stored
    email_queued: bool  # GuestInvited is in the outbox: the notifier emails the link


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def invite_guest(
    uow: UnitOfWork,
    principal: Principal,
    *,
    org_id: uuid.UUID,
    email: str,
    display_name: str,
    agency: str,
    links: PublicLinks,
    source_address: str | None = None,
) -> IssuedInvitation:
    """The invitation and its one-time token; with the web app's address, the invitee is
    emailed the link (an event in the same transaction, decision 0047)."""
    policy.ensure_can_manage_users(principal, org_id)
    repository = IdentityRepository(uow.session)
    org = await repository.org(org_id)
    if org is None:  # a superadmin may name any id
        raise NotFound("organization not found")
    email = policy.normalize_email(email)
    if await repository.user_by_email(email) is not None:
        raise Conflict("a user with that email exists")
    token = secrets.token_urlsafe(32)
    invitation = _new_invitation(principal, org_id, email, display_name, agency, token)
    uow.session.add(invitation)
    uow.audit(
        Actor.of(principal, source_address),
        "guest.invited",
        object_type="guest_invitation",
        object_id=invitation.id,
        org_ids=(org_id,),
        agency=invitation.agency,
    )
    accept_url = links.guest_invitation(token)
    if accept_url is not None:
        uow.emit(await _invited(repository, invitation, org, accept_url))
    return IssuedInvitation(invitation, token, email_queued=accept_url is not None)


def _new_invitation(
    principal: Principal, org_id: uuid.UUID, email: str, display_name: str, agency: str, token: str
) -> GuestInvitation:
    return GuestInvitation(
        org_id=org_id,
        email=email,
        display_name=display_name.strip(),
        agency=agency.strip(),
        token_sha256=_digest(token),
        invited_by=principal.user_id,
        expires_at=datetime.now(UTC) + INVITATION_TTL,
    )


async def _invited(
    repository: IdentityRepository, invitation: GuestInvitation, org: Organization, url: str
) -> GuestInvited:
    inviter = await repository.user(invitation.invited_by)  # None for an API key
    return GuestInvited(
        invitation_id=invitation.id,
        org_id=org.id,
        org_name=org.name,
        invited_by=invitation.invited_by,
        inviter_name=(inviter.display_name or inviter.email) if inviter else "An administrator",
        email=invitation.email,
        display_name=invitation.display_name,
        agency=invitation.agency,
        expires_at=invitation.expires_at,
        accept_url=url,
    )


async def accept_invitation(
    uow: UnitOfWork, *, token: str, password: str, source_address: str | None = None
) -> User:
    """The invited investigator sets a password; the token works once, before it expires."""
    invitation = await _open_invitation(uow, token)
    user = User(
        org_id=invitation.org_id,
        email=invitation.email,
        display_name=invitation.display_name,
        password_hash=await asyncio.to_thread(hash_password, password),
        roles=[ROLE_GUEST],
    )
    if not await IdentityRepository(uow.session).add_user(user):
        raise Conflict("a user with that email exists")
    invitation.accepted_at, invitation.user_id = datetime.now(UTC), user.id
    uow.audit(
        Actor("user", str(user.id), invitation.org_id, source_address),
        "guest.accepted",
        object_type="user",
        object_id=user.id,
        org_ids=(invitation.org_id,),
        invitation_id=str(invitation.id),
        agency=invitation.agency,
    )
    return user


async def _open_invitation(uow: UnitOfWork, token: str) -> GuestInvitation:
    statement = (
        select(GuestInvitation)
        .where(col(GuestInvitation.token_sha256) == _digest(token))
        .with_for_update()
    )
    invitation = (await uow.session.exec(statement)).first()
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at <= datetime.now(UTC)
    ):
        raise NotFound(INVALID_INVITATION)
    return invitation
