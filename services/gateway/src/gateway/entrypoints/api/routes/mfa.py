"""The signed-in user's TOTP second factor, and an admin's reset of someone's (a lost phone).
The second step of signing in is in routes/auth.py."""

from __future__ import annotations

import uuid
from dataclasses import asdict

from fastapi import APIRouter

from gateway.entrypoints.api.deps import (
    CurrentPrincipal,
    CurrentSession,
    SourceAddress,
    StateDep,
    UowDep,
)
from gateway.entrypoints.api.responses import CHANGE, CONFLICT, GUARDED, INVALID
from gateway.entrypoints.api.schemas.mfa import (
    MfaStatusPublic,
    RecoveryCodes,
    SecondFactor,
    TotpCode,
    TotpEnrolment,
)
from gateway.service_layer import mfa

router = APIRouter(prefix="/users", tags=["identity"])
_LOCKED = {429: {"description": "too many wrong codes: the account is locked for a while"}}


@router.get("/me/mfa")
async def read_my_mfa(who: CurrentSession, uow: UowDep) -> MfaStatusPublic:
    """Whether the caller has a second factor, how many recovery codes are left, and whether
    their organization requires one (then ``enrolment_required``: this session may only enrol)."""
    found = await mfa.status(uow, who)
    return MfaStatusPublic(**asdict(found))


@router.post("/me/mfa/totp", status_code=201, responses=CONFLICT)
async def start_totp_enrolment(
    principal: CurrentPrincipal, uow: UowDep, source: SourceAddress
) -> TotpEnrolment:
    """Step one of enrolment: a new secret, answered this once, pending until a code from it
    is confirmed. Starting again replaces a pending one; 409 when TOTP is on already."""
    started = await mfa.start_enrolment(uow, principal, source)
    await uow.commit()
    return TotpEnrolment(secret=started.secret, provisioning_uri=started.provisioning_uri)


@router.post("/me/mfa/totp/confirm", responses=INVALID | CONFLICT)
async def confirm_totp_enrolment(
    body: TotpCode, who: CurrentSession, uow: UowDep, source: SourceAddress
) -> RecoveryCodes:
    """Step two: a current code turns TOTP on. The answer is ten recovery codes, shown once;
    each signs in once instead of a code."""
    codes = await mfa.confirm_enrolment(uow, who, body.code, source)
    await uow.commit()
    return RecoveryCodes(recovery_codes=codes)


@router.delete("/me/mfa/totp", status_code=204, responses=INVALID | CONFLICT | _LOCKED)
async def turn_off_totp(
    body: SecondFactor,
    principal: CurrentPrincipal,
    uow: UowDep,
    state: StateDep,
    source: SourceAddress,
) -> None:
    """Turns TOTP off, with a current code or a recovery code; 409 when the organization
    requires it. A wrong code counts toward the sign-in lockout."""
    refused = await mfa.turn_off(uow, state.auth, principal, body.proof(), source)
    await uow.commit()  # a wrong code's count stays
    if refused is not None:
        raise refused


@router.post("/{user_id}/mfa/reset", status_code=204, responses=CHANGE | GUARDED)
async def reset_user_mfa(
    user_id: uuid.UUID, principal: CurrentPrincipal, uow: UowDep, source: SourceAddress
) -> None:
    """An org admin removes a user's second factor (their organization's; a superadmin
    anyone's), audited: the user enrols again."""
    await mfa.reset(uow, principal, user_id, source)
    await uow.commit()
