from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from gateway.entrypoints.api.deps import SourceAddress, StateDep, UowDep
from gateway.entrypoints.api.schemas.identity import Token
from gateway.service_layer import auth

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token")
async def login_for_access_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    uow: UowDep,
    state: StateDep,
    source: SourceAddress,
) -> Token:
    """OAuth2 password flow: ``username`` is the email."""
    issued = await auth.login(
        uow, state.signer, email=form.username, password=form.password, source_address=source
    )
    await uow.commit()
    return Token(access_token=issued.access_token, expires_in=issued.expires_in)
