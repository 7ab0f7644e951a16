"""An organization's webhook endpoints, managed by its org admins; every change audited.

The URL is checked (https, resolving only to public addresses) before it is saved; the
secret is answered once, when made.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.errors import PermissionDenied
from custody_platform.unit_of_work import Actor, UnitOfWork

from notifier.adapters import webhook_repository as repo
from notifier.adapters.orm import WebhookEndpoint
from notifier.domain import webhooks

UrlCheck = Callable[[str], Awaitable[object]]


@dataclass(frozen=True)
class EndpointChange:
    url: str | None = None
    description: str | None = None
    event_types: list[str] | None = None
    enabled: bool | None = None


def org_admin(principal: Principal) -> uuid.UUID:
    """The caller's organization, when the caller administers it."""
    if not principal.has_role(ROLE_ORG_ADMIN):
        raise PermissionDenied("only an organization's admins manage its webhooks")
    return principal.org_id


async def create(
    uow: UnitOfWork, principal: Principal, check: UrlCheck, change: EndpointChange
) -> WebhookEndpoint:
    org_id = org_admin(principal)
    await check(change.url or "")
    row = WebhookEndpoint(
        org_id=org_id,
        url=(change.url or "").strip(),
        description=webhooks.description(change.description or ""),
        event_types=webhooks.event_types(change.event_types or []),
        secret=webhooks.new_secret(),
    )
    uow.session.add(row)
    _audit(uow, principal, "webhook.created", row, url=row.url, event_types=row.event_types)
    return row


async def list_all(uow: UnitOfWork, principal: Principal) -> Sequence[WebhookEndpoint]:
    return await repo.endpoints(uow.session, org_admin(principal))


async def get(uow: UnitOfWork, principal: Principal, endpoint_id: uuid.UUID) -> WebhookEndpoint:
    return await repo.endpoint(uow.session, org_admin(principal), endpoint_id)


async def update(
    uow: UnitOfWork,
    principal: Principal,
    check: UrlCheck,
    endpoint_id: uuid.UUID,
    change: EndpointChange,
) -> WebhookEndpoint:
    row = await repo.endpoint(uow.session, org_admin(principal), endpoint_id, lock=True)
    if change.url is not None:
        await check(change.url)
        row.url = change.url.strip()
    if change.description is not None:
        row.description = webhooks.description(change.description)
    if change.event_types is not None:
        row.event_types = webhooks.event_types(change.event_types)
    if change.enabled is not None:
        _enable(row, change.enabled)
    row.updated_at = datetime.now(UTC)
    _audit(
        uow,
        principal,
        "webhook.changed",
        row,
        url=row.url,
        event_types=row.event_types,
        enabled=row.enabled,
    )
    return row


def _enable(row: WebhookEndpoint, enabled: bool) -> None:
    """Enabling again forgives the failures that disabled it."""
    row.enabled = enabled
    if enabled:
        row.disabled_reason = None
        row.failing_since = None


async def delete(uow: UnitOfWork, principal: Principal, endpoint_id: uuid.UUID) -> None:
    """The endpoint and its delivery log (the audit ledger keeps what was sent)."""
    row = await repo.endpoint(uow.session, org_admin(principal), endpoint_id, lock=True)
    _audit(uow, principal, "webhook.deleted", row, url=row.url)
    await uow.session.delete(row)


async def rotate_secret(
    uow: UnitOfWork, principal: Principal, endpoint_id: uuid.UUID
) -> WebhookEndpoint:
    """A new secret; the one it replaces still signs until PREVIOUS_SECRET_LIFETIME ends."""
    row = await repo.endpoint(uow.session, org_admin(principal), endpoint_id, lock=True)
    now = datetime.now(UTC)
    row.previous_secret, row.secret = row.secret, webhooks.new_secret()
    row.previous_secret_expires_at = now + webhooks.PREVIOUS_SECRET_LIFETIME
    row.updated_at = now
    _audit(uow, principal, "webhook.secret_rotated", row)
    return row


def live_secrets(row: WebhookEndpoint, now: datetime) -> list[str]:
    """The secrets that sign now: the current one, and the previous one until it expires."""
    expires = row.previous_secret_expires_at
    if row.previous_secret and expires is not None and expires > now:
        return [row.secret, row.previous_secret]
    return [row.secret]


def _audit(
    uow: UnitOfWork, principal: Principal, action: str, row: WebhookEndpoint, **details: object
) -> None:
    uow.audit(
        Actor.of(principal),
        action,
        object_type="webhook_endpoint",
        object_id=row.id,
        org_ids=(row.org_id,),
        **details,
    )
