"""An organization's OpenID Connect provider (decision 0037), and signing in through it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from gateway.entrypoints.api.schemas.common import LINE_PATTERN, Line
from gateway.entrypoints.api.schemas.identity import EMAIL_PATTERN, AssignableRole

Short = Annotated[str, StringConstraints(pattern=LINE_PATTERN, min_length=1, max_length=200)]
Scope = Annotated[str, StringConstraints(pattern=r"^[!#-\[\]-~]+$", min_length=1, max_length=100)]
Domain = Annotated[str, StringConstraints(pattern=r"^@?[A-Za-z0-9.-]+$", max_length=253)]


class IdentityProviderSettings(BaseModel):
    """The provider's settings. ``client_secret`` is written, never read: left out, the one
    stored stays (it is needed the first time)."""

    issuer: Line = Field(
        min_length=1, max_length=2000, description="https URL; discovery is read under it"
    )
    client_id: Short
    client_secret: Line | None = Field(default=None, min_length=1, max_length=500)
    scopes: list[Scope] = Field(default=["openid", "email", "profile"], max_length=20)
    role_claim: Short = Field(
        default="groups", description="the ID token claim whose values map to roles"
    )
    role_mapping: dict[Short, set[AssignableRole]] = Field(
        min_length=1,
        max_length=50,
        description='claim value -> roles, e.g. {"custody-admins": ["org_admin"]}',
    )
    email_domains: list[Domain] = Field(
        min_length=1,
        max_length=20,
        description="people whose email is in these domains sign in through this provider",
    )
    password_sign_in: bool = Field(
        default=True, description="false: the members (but superadmins) may not use passwords"
    )
    enabled: bool = True


class IdentityProviderPublic(BaseModel):
    issuer: str
    client_id: str
    client_secret_set: bool
    scopes: list[str]
    role_claim: str
    role_mapping: dict[str, list[str]]
    email_domains: list[str]
    password_sign_in: bool
    enabled: bool
    redirect_uri: str = Field(description="register this redirect URI with the provider")
    post_logout_redirect_uri: str = Field(
        description="register this post-logout redirect URI with the provider: signing out of "
        "Custody ends the provider's session too, then comes back here"
    )
    updated_at: datetime


class ConnectionTest(BaseModel):
    ok: bool
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None = None


class OidcStart(BaseModel):
    email: str = Field(min_length=3, max_length=320, pattern=EMAIL_PATTERN)


class OidcAuthorization(BaseModel):
    authorization_url: str = Field(description="send the browser here")
    state: str = Field(description="check that the callback brings this state back")


class OidcCallback(BaseModel):
    state: str = Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")
    code: str = Field(min_length=1, max_length=2000, pattern=LINE_PATTERN)
