"""Signing in, refreshing and the tokens they return."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class LoggedOut(BaseModel):
    """The session has ended. One opened through the organization's identity provider may
    end there too: send the browser to ``end_session_url`` (decision 0047)."""

    end_session_url: str | None = Field(
        default=None,
        description="the identity provider's end-session endpoint (RP-Initiated Logout), "
        "which sends the browser back to the web app's signed-out page; null when there is none",
    )


class Token(BaseModel):
    """The OAuth2 token response, plus the session's refresh token."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds the access token is valid")
    refresh_token: str = Field(
        description="exchange at /auth/refresh for new tokens; works once, then is replaced"
    )


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)
