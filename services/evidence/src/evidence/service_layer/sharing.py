"""Permission grants on cases and items, and share links for outside parties."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from custody_contracts.events.evidence import AccessChanged
from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.clients import Directory
from evidence.adapters.orm import EvidenceItem, Grant, ShareLink
from evidence.domain import access as rules
from evidence.service_layer.access import now, open_link, owned_case, owned_item_access
from evidence.service_layer.references import check_grantee

AccessT = TypeVar("AccessT", Grant, ShareLink)


async def _owned_object(
    uow: UnitOfWork, principal: Principal, object_type: str, object_id: uuid.UUID
) -> tuple[uuid.UUID, str]:
    """The object's id and what its owner holds, which is the most it may pass on: anything
    for a case (each item in it stays capped by its own limit), no more than the item allows
    for an item (a view-only delivery is view only for its own organization too)."""
    rules.check_choice(object_type, rules.OBJECT_TYPES, "object_type")
    if object_type == "case":
        return (await owned_case(uow, principal, object_id)).id, "owner"
    found = await owned_item_access(uow, principal, object_id)
    return found.item.id, found.permission


def announce(uow: UnitOfWork, actor: Actor, access: Grant | ShareLink, change: str) -> None:
    kind = "grant" if isinstance(access, Grant) else "share_link"
    grantee_type = access.grantee_type if isinstance(access, Grant) else None
    grantee_id = access.grantee_id if isinstance(access, Grant) else None
    uow.emit(
        AccessChanged(
            access_id=access.id,
            org_id=access.org_id,
            object_type=access.object_type,  # type: ignore[arg-type]
            object_id=access.object_id,
            kind=kind,
            change=change,  # type: ignore[arg-type]
            permission=access.permission,
            grantee_type=grantee_type,
            grantee_id=grantee_id,
            expires_at=access.expires_at,
        ),
        subject=f"{access.object_type}/{access.object_id}",
    )
    uow.audit(
        actor,
        f"{access.object_type}.{'shared' if change == 'created' else 'share_revoked'}",
        object_type=access.object_type,
        object_id=access.object_id,
        org_ids=(access.org_id,),
        access_id=str(access.id),
        kind=kind,
        permission=access.permission,
        grantee_type=grantee_type,
        grantee_id=str(grantee_id) if grantee_id else None,
        expires_at=access.expires_at.isoformat() if access.expires_at else None,
    )


async def _add(uow: UnitOfWork, actor: Actor, access: AccessT) -> AccessT:
    uow.session.add(access)
    await uow.session.flush()
    announce(uow, actor, access, "created")
    return access


async def _revoke(
    uow: UnitOfWork,
    principal: Principal,
    kind: type[AccessT],
    access_id: uuid.UUID,
    source: str | None,
) -> AccessT:
    """Revoking twice changes nothing and announces nothing the second time."""
    access = await uow.session.get(kind, access_id, with_for_update=True)
    if access is None or not rules.is_member(principal, access.org_id):
        what = "grant" if kind is Grant else "share link"
        raise NotFound(f"{what} {access_id} not found")
    if access.revoked_at is None:
        access.revoked_at = now()
        announce(uow, Actor.of(principal, source), access, "revoked")
    return access


async def create_grant(
    uow: UnitOfWork,
    principal: Principal,
    target: tuple[str, uuid.UUID],
    grantee: tuple[str, uuid.UUID],
    permission: str,
    expires_at: datetime | None,
    source: str | None,
    directory: Directory,
) -> Grant:
    """Nothing changes unless the caller owns the object, may pass on the permission, and
    the grantee exists."""
    rules.check_choice(grantee[0], rules.GRANTEE_TYPES, "grantee_type")
    rules.check_choice(permission, rules.GRANT_PERMISSIONS, "permission")
    rules.check_expiry(expires_at, now())
    object_id, held = await _owned_object(uow, principal, *target)
    rules.ensure_may_pass_on(held, permission)
    await check_grantee(directory, *grantee)
    grant = Grant(
        org_id=principal.org_id,
        object_type=target[0],
        object_id=object_id,
        grantee_type=grantee[0],
        grantee_id=grantee[1],
        permission=permission,
        expires_at=expires_at,
        created_by=principal.user_id,
    )
    return await _add(uow, Actor.of(principal, source), grant)


async def list_grants(
    uow: UnitOfWork, principal: Principal, object_type: str, object_id: uuid.UUID
) -> Sequence[Grant]:
    await _owned_object(uow, principal, object_type, object_id)
    return await repository.grants_on(uow.session, object_id)


async def revoke_grant(
    uow: UnitOfWork, principal: Principal, grant_id: uuid.UUID, source: str | None
) -> Grant:
    return await _revoke(uow, principal, Grant, grant_id, source)


async def create_share_link(
    uow: UnitOfWork,
    principal: Principal,
    target: tuple[str, uuid.UUID],
    permission: str,
    expires_at: datetime | None,
    label: str,
    source: str | None,
) -> tuple[ShareLink, str]:
    rules.check_choice(permission, rules.LINK_PERMISSIONS, "permission")
    if expires_at is None:
        raise InvalidArgument("a share link needs expires_at")
    rules.check_expiry(expires_at, now())
    object_id, held = await _owned_object(uow, principal, *target)
    rules.ensure_may_pass_on(held, permission)
    token, digest = rules.new_token()
    link = ShareLink(
        org_id=principal.org_id,
        object_type=target[0],
        object_id=object_id,
        token_hash=digest,
        permission=permission,
        label=label.strip()[:200],
        expires_at=expires_at,
        created_by=principal.user_id,
    )
    return await _add(uow, Actor.of(principal, source), link), token


async def list_share_links(
    uow: UnitOfWork, principal: Principal, object_type: str, object_id: uuid.UUID
) -> Sequence[ShareLink]:
    """Like the grants: only the owning organization sees the links on its object."""
    await _owned_object(uow, principal, object_type, object_id)
    return await repository.share_links_on(uow.session, object_id)


async def revoke_share_link(
    uow: UnitOfWork, principal: Principal, link_id: uuid.UUID, source: str | None
) -> ShareLink:
    return await _revoke(uow, principal, ShareLink, link_id, source)


async def open_share_link(
    uow: UnitOfWork, token: str, source: str | None
) -> tuple[ShareLink, Sequence[EvidenceItem]]:
    link = await open_link(uow, token)
    if link.object_type == "case":
        items = await repository.items_of_case(uow.session, link.object_id)
    else:
        item = await repository.item_by_id(uow.session, link.object_id)
        items = [item] if item is not None and item.deleted_at is None else []
    uow.audit(
        Actor("public", "share-link", None, source),
        f"{link.object_type}.share_link_opened",
        object_type=link.object_type,
        object_id=link.object_id,
        org_ids=(link.org_id,),
        access_id=str(link.id),
    )
    return link, items
