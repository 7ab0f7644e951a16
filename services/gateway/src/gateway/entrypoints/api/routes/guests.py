"""Guests: org admins invite outside investigators; the invitation's token is the guest's
credential for accepting it, so that route needs no bearer token."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from gateway.entrypoints.api.deps import CurrentPrincipal, SourceAddress, StateDep, UowDep
from gateway.entrypoints.api.responses import CONFLICT, GUARDED, INVALID, NOT_FOUND
from gateway.entrypoints.api.schemas.guests import (
    GuestAccept,
    GuestInvitationPublic,
    GuestInvite,
)
from gateway.entrypoints.api.schemas.identity import UserPublic
from gateway.service_layer import guests

router = APIRouter(prefix="/orgs", tags=["guests"])
public_router = APIRouter(prefix="/guests", tags=["guests"])


@router.post("/{org_id}/guests", status_code=201, responses=GUARDED | CONFLICT)
async def invite_guest(
    org_id: uuid.UUID,
    body: GuestInvite,
    principal: CurrentPrincipal,
    uow: UowDep,
    state: StateDep,
    source: SourceAddress,
) -> GuestInvitationPublic:
    """Invites an outside investigator into the organization; the token is shown once. The
    invitee is emailed the link that accepts it (``email_queued``), when the gateway knows
    the web app's address (WEB_PUBLIC_URL)."""
    issued = await guests.invite_guest(
        uow,
        principal,
        org_id=org_id,
        email=body.email,
        display_name=body.display_name,
        agency=body.agency,
        links=state.links,
        source_address=source,
    )
    await uow.commit()
    invitation = issued.invitation
    return GuestInvitationPublic(
        id=invitation.id,
        org_id=invitation.org_id,
        email=invitation.email,
        agency=invitation.agency,
        expires_at=invitation.expires_at,
        token=issued.token,
        email_queued=issued.email_queued,
    )


@public_router.post("/accept", status_code=201, responses=INVALID | NOT_FOUND | CONFLICT)
async def accept_invitation(body: GuestAccept, uow: UowDep, source: SourceAddress) -> UserPublic:
    """Accepts an invitation with its token: creates the guest's account (no bearer token)."""
    user = await guests.accept_invitation(
        uow, token=body.token, password=body.password, source_address=source
    )
    await uow.commit()
    return UserPublic.model_validate(user)
