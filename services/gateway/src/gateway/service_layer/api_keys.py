"""API keys: an org admin creates, lists and revokes them; every request made with one is
checked (prefix, hash, expiry, revocation, rate, scope) and audited (decision 0043).

Rotation without downtime is create, switch, revoke: both keys work until the old one is
revoked. A key's principal is the key itself (its id, never a user's), in its organization,
with the roles its scopes need, so the services' object-level checks apply as to a member.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.errors import DomainError, NotFound, Unauthenticated
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.adapters.api_keys import ApiKeyLimits, ApiKeyRepository
from gateway.adapters.orm import ApiKey
from gateway.domain import api_keys as rules
from gateway.domain import policy
from gateway.domain.sign_in import TooManyAttempts

# Last use is written at most this often; every use is in the audit ledger anyway.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class KeyInput:
    name: str
    scopes: list[str]
    expires_at: datetime
    requests_per_minute: int


@dataclass(frozen=True)
class KeyUse:
    """One request made with a key, as the audit record names it."""

    operation: str
    method: str
    path: str
    source_address: str | None = None


async def create_key(
    uow: UnitOfWork, admin: Principal, given: KeyInput, source: str | None = None
) -> tuple[ApiKey, str]:
    """A new key of the admin's organization, and its secret (answered once, never kept)."""
    policy.ensure_has_role(admin, ROLE_ORG_ADMIN)
    now = datetime.now(UTC)
    made = rules.new_key()
    key = ApiKey(
        org_id=admin.org_id,
        name=given.name.strip(),
        prefix=made.prefix,
        secret_sha256=made.sha256,
        scopes=rules.check_scopes(given.scopes),
        requests_per_minute=given.requests_per_minute,
        created_by=admin.user_id,
        created_at=now,
        expires_at=rules.check_expiry(given.expires_at, now),
    )
    ApiKeyRepository(uow.session).add(key)
    _audit(uow, admin, "api_key.created", key, source, scopes=key.scopes, name=key.name)
    return key, made.secret


async def list_keys(uow: UnitOfWork, admin: Principal) -> Sequence[ApiKey]:
    policy.ensure_has_role(admin, ROLE_ORG_ADMIN)
    return await ApiKeyRepository(uow.session).of_org(admin.org_id)


async def revoke_key(
    uow: UnitOfWork, admin: Principal, key_id: uuid.UUID, source: str | None = None
) -> ApiKey:
    """The key stops working at once; revoking a revoked key changes nothing."""
    policy.ensure_has_role(admin, ROLE_ORG_ADMIN)
    key = await ApiKeyRepository(uow.session).one_of_org(admin.org_id, key_id)
    if key is None:
        raise NotFound("API key not found")
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        uow.session.add(key)
        _audit(uow, admin, "api_key.revoked", key, source, name=key.name)
    return key


@dataclass(frozen=True)
class KeyAccess:
    """A live key's principal, and why this request is refused (outside the key's scopes),
    if it is: the use is recorded either way, so the entrypoint commits, then refuses."""

    principal: Principal
    refusal: DomainError | None = None


async def authenticate(
    uow: UnitOfWork, limits: ApiKeyLimits, credential: str, use: KeyUse
) -> KeyAccess:
    """The key's principal for one request: the key must exist, match, be live and be within
    its rate (429 with Retry-After), and be scoped to the operation (else a 403 refusal).
    Each use is recorded in the ledger in this unit of work, which the caller commits."""
    now = datetime.now(UTC)
    key = await _live_key(uow, credential, now)
    verdict = await limits.hit(key.id, key.requests_per_minute)
    if not verdict.allowed:
        raise TooManyAttempts("this API key's request limit is reached", verdict.retry_after)
    principal, refusal = principal_of(key), None
    try:
        rules.ensure_scoped(key.scopes, use.operation)
    except DomainError as refused:
        refusal = refused
    if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
        key.last_used_at = now
        uow.session.add(key)
    _audit(
        uow,
        principal,
        "api_key.refused" if refusal else "api_key.used",
        key,
        use.source_address,
        operation=use.operation,
        method=use.method,
        path=use.path,
    )
    return KeyAccess(principal, refusal)


def principal_of(key: ApiKey) -> Principal:
    return Principal(user_id=key.id, org_id=key.org_id, roles=rules.roles_of(key.scopes))


async def _live_key(uow: UnitOfWork, credential: str, now: datetime) -> ApiKey:
    prefix = rules.prefix_of(credential)
    key = await ApiKeyRepository(uow.session).by_prefix(prefix) if prefix else None
    if key is None or not rules.matches(credential, key.secret_sha256):
        raise Unauthenticated(rules.INVALID_KEY)
    if not rules.usable(revoked_at=key.revoked_at, expires_at=key.expires_at, now=now):
        raise Unauthenticated(rules.INVALID_KEY)
    return key


def _audit(
    uow: UnitOfWork,
    actor: Principal,
    action: str,
    key: ApiKey,
    source: str | None,
    **details: object,
) -> None:
    uow.audit(
        Actor.of(actor, source),
        action,
        object_type="api_key",
        object_id=key.id,
        org_ids=(key.org_id,),
        prefix=key.prefix,
        **details,
    )
