"""Identity tables in the "gateway" schema: organizations, their users and users' sessions,
failed sign-ins, guest invitations, the TOTP second factor and organizations' OpenID Connect
providers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_platform.db import service_metadata
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

SCHEMA = "gateway"


def _now() -> datetime:
    return datetime.now(UTC)


class Base(SQLModel):
    metadata = service_metadata(SCHEMA)


class Organization(Base, table=True):
    __tablename__ = "organizations"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    created_at: datetime = Field(
        default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    # The public contact: who other organizations reach about its cameras ("" = not given).
    contact_name: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    contact_email: str = Field(
        default="", sa_column=Column(Text, nullable=False, server_default="")
    )
    contact_phone: str = Field(
        default="", sa_column=Column(Text, nullable=False, server_default="")
    )
    # Every member signs in with a second factor; one without it may only enrol (decision 0024).
    mfa_required: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default="false")
    )


class User(Base, table=True):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="users_email_lowercase"),
        Index("ix_users_org_id", "org_id"),
        Index(
            "ux_users_oidc_subject",
            "oidc_issuer",
            "oidc_subject",
            unique=True,
            postgresql_where=text("oidc_subject IS NOT NULL"),
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey(f"{SCHEMA}.organizations.id"), nullable=False)
    )
    email: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    display_name: str = Field(sa_column=Column(Text, nullable=False))
    password_hash: str = Field(sa_column=Column(Text, nullable=False))
    roles: list[str] = Field(default_factory=list, sa_column=Column(ARRAY(Text), nullable=False))
    is_active: bool = True
    created_at: datetime = Field(
        default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    # Who the organization's identity provider says this is (decision 0037): set by the first
    # sign-in through it, and the account that provider's later sign-ins land in.
    oidc_issuer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    oidc_subject: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Set by an admin's password reset: the user's sessions may only change it (decision 0042).
    password_change_required: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default="false")
    )
    deactivated_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class IdentityProvider(Base, table=True):
    """An organization's OpenID Connect provider. The client secret is stored as it is (the
    token request needs it) and never answered nor audited (decision 0037)."""

    __tablename__ = "identity_providers"

    org_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey(f"{SCHEMA}.organizations.id"), primary_key=True)
    )
    issuer: str = Field(sa_column=Column(Text, nullable=False))
    client_id: str = Field(sa_column=Column(Text, nullable=False))
    client_secret: str = Field(sa_column=Column(Text, nullable=False))
    scopes: list[str] = Field(default_factory=list, sa_column=Column(ARRAY(Text), nullable=False))
    role_claim: str = Field(sa_column=Column(Text, nullable=False))
    # Claim value -> the roles it gives, e.g. {"custody-admins": ["org_admin"]}.
    role_mapping: dict[str, list[str]] = Field(
        default_factory=dict, sa_column=Column(JSONB, nullable=False)
    )
    email_domains: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(Text), nullable=False)
    )
    password_sign_in: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
    enabled: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
    updated_at: datetime = Field(
        default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class OidcFlow(Base, table=True):
    """A sign-in sent to the provider, waiting for its answer: found by its ``state`` (kept as
    sha256), good once and for a few minutes; the nonce and PKCE verifier stay here."""

    __tablename__ = "oidc_flows"
    __table_args__ = (Index("ix_oidc_flows_expires_at", "expires_at"),)

    state_sha256: str = Field(sa_column=Column(Text, primary_key=True))
    org_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey(f"{SCHEMA}.organizations.id"), nullable=False)
    )
    nonce: str = Field(sa_column=Column(Text, nullable=False))
    code_verifier: str = Field(sa_column=Column(Text, nullable=False))
    redirect_uri: str = Field(sa_column=Column(Text, nullable=False))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class GuestInvitation(Base, table=True):
    """An owner organization's invitation of an outside investigator. Only the token's
    sha256 is kept; the token itself is shown once, to the inviting admin."""

    __tablename__ = "guest_invitations"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="guest_invitations_email_lowercase"),
        Index("ix_guest_invitations_org_id", "org_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey(f"{SCHEMA}.organizations.id"), nullable=False)
    )
    email: str = Field(sa_column=Column(Text, nullable=False))
    display_name: str = Field(sa_column=Column(Text, nullable=False))
    agency: str = Field(sa_column=Column(Text, nullable=False))  # the guest's own organization
    token_sha256: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    invited_by: uuid.UUID
    created_at: datetime = Field(
        default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    accepted_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    user_id: uuid.UUID | None = None


class UserSession(Base, table=True):
    """One sign-in. Only the sha256 of its current refresh token is kept; access tokens name
    it (``sid``) and are refused once it is revoked, idle or past ``expires_at``."""

    __tablename__ = "sessions"
    __table_args__ = (
        Index("ix_sessions_user_id", "user_id"),
        Index("ix_sessions_expires_at", "expires_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(sa_column=Column(ForeignKey(f"{SCHEMA}.users.id"), nullable=False))
    refresh_sha256: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    last_seen_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    revoked_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Opened with a second factor (or its user enrolled one in it): an organization that
    # requires one lets a session without it do nothing but enrol.
    mfa_verified: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default="false")
    )
    # The identity provider it was opened through (None: a password): signing out also ends
    # the person's session there (decision 0047).
    oidc_issuer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class SignInFailure(Base, table=True):
    """Consecutive failed sign-ins of one normalized email, whether or not a user has it."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_last_failed_at", "last_failed_at"),)

    email: str = Field(sa_column=Column(Text, primary_key=True))
    failures: int = Field(sa_column=Column(Integer, nullable=False))
    last_failed_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    locked_until: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class TotpCredential(Base, table=True):
    """A user's TOTP secret: pending until a code confirms it, then their second factor. The
    secret is never answered again after enrolment; recovery codes are kept as sha256 and
    struck off when used. ``last_used_step`` refuses a code's replay."""

    __tablename__ = "totp_credentials"

    user_id: uuid.UUID = Field(sa_column=Column(ForeignKey(f"{SCHEMA}.users.id"), primary_key=True))
    secret: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    confirmed_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    last_used_step: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    recovery_sha256: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(Text), nullable=False)
    )


class MfaChallenge(Base, table=True):
    """A sign-in whose password was right, waiting for its second factor: the ``mfa_token``
    (kept as sha256) is good once, for a few minutes."""

    __tablename__ = "mfa_challenges"
    __table_args__ = (Index("ix_mfa_challenges_expires_at", "expires_at"),)

    token_sha256: str = Field(sa_column=Column(Text, primary_key=True))
    user_id: uuid.UUID = Field(sa_column=Column(ForeignKey(f"{SCHEMA}.users.id"), nullable=False))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    oidc_issuer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class ApiKey(Base, table=True):
    """A service account's API key (decision 0043): its organization, the operations it may
    call and how often, until it expires or is revoked. Only the key's sha256 is kept; its
    id is the service account's identity in the principal and the audit records."""

    __tablename__ = "api_keys"
    __table_args__ = (Index("ix_api_keys_org_id", "org_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey(f"{SCHEMA}.organizations.id"), nullable=False)
    )
    name: str = Field(sa_column=Column(Text, nullable=False))
    prefix: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    secret_sha256: str = Field(sa_column=Column(Text, nullable=False))
    scopes: list[str] = Field(sa_column=Column(ARRAY(Text), nullable=False))
    requests_per_minute: int = Field(sa_column=Column(Integer, nullable=False))
    created_by: uuid.UUID = Field(
        sa_column=Column(ForeignKey(f"{SCHEMA}.users.id"), nullable=False)
    )
    created_at: datetime = Field(
        default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    last_used_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
