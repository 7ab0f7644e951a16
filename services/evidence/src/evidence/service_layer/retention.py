"""Legal hold, retention policies, soft delete and restore, and the purge sweep.

Deletion is soft: an item leaves every listing but its bytes stay for the restore window.
The purge re-checks everything (retention, hold, object lock) at purge time, so a case
reopened or held after the deletion still saves the item.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import structlog
from custody_contracts.principal import Principal
from custody_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from custody_platform.objectstore import LockMode, ObjectLocked, ObjectNotFound, ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.orm import EvidenceItem
from evidence.domain import access as access_rules
from evidence.domain import cases as case_rules
from evidence.domain import retention as rules
from evidence.service_layer.access import now, owned_case, owned_item
from evidence.service_layer.case_commands import case_saved
from evidence.service_layer.evidence_commands import changed

log = structlog.get_logger(__name__)
ACTOR = Actor.service("evidence")


async def item_retention(uow: UnitOfWork, item: EvidenceItem) -> rules.ItemRetention:
    cases = await repository.cases_holding(uow.session, item.id)
    holding = tuple(
        rules.HoldingCase(c.status, c.closed_at, tuple(c.categories), c.legal_hold) for c in cases
    )
    return rules.ItemRetention(tuple(item.categories), item.legal_hold, holding)


async def set_legal_hold(
    uow: UnitOfWork,
    store: ObjectStore,
    principal: Principal,
    target: tuple[str, uuid.UUID],
    on: bool,
    reason: str,
) -> None:
    object_type, object_id = target
    access_rules.check_choice(object_type, access_rules.OBJECT_TYPES, "object_type")
    if object_type == "case":
        case = await owned_case(uow, principal, object_id)
        case.legal_hold = on
        case_saved(uow, case, "legal_hold_changed", principal, on=on, note=reason)
        items = await repository.items_of_case(uow.session, case.id, include_deleted=True)
    else:
        item = await owned_item(uow, principal, object_id)
        item.legal_hold = on
        changed(uow, Actor.of(principal), item, "legal_hold_changed", on=on, note=reason)
        items = [item]
    await uow.session.flush()
    for item in items:  # the store's own hold follows: S3 then refuses deletion too
        held = rules.on_hold(await item_retention(uow, item))
        await asyncio.to_thread(store.set_legal_hold, item.object_key, held)


async def lock_closed_case(
    uow: UnitOfWork, store: ObjectStore, case_id: uuid.UUID, mode: LockMode | None
) -> int:
    """Once a case closes its items' retention is known: the object store is told to keep
    each original at least that long (S3 object lock), so not even a credential holder can
    delete it early. Locks only extend; a reopened case keeps them (governance mode can be
    bypassed by an administrator, compliance cannot). Returns how many objects were locked."""
    if mode is None:
        return 0
    items = await repository.items_of_case(uow.session, case_id, include_deleted=True)
    policies = await repository.policies_of(uow.session, items[0].org_id) if items else {}
    due = [(i, rules.keep_until(await item_retention(uow, i), policies)) for i in items]
    locks = [(item, until) for item, until in due if until is not None and until > now()]
    for item, until in locks:
        try:
            await asyncio.to_thread(store.set_retention, item.object_key, until, mode)
        except (ObjectLocked, ObjectNotFound) as exc:  # already longer, or purged
            log.info("evidence.lock_skipped", evidence_id=str(item.id), error=str(exc))
            continue
        changed(uow, ACTOR, item, "retention_locked", until=until.isoformat(), mode=mode)
    return len(locks)


async def set_policy(uow: UnitOfWork, principal: Principal, category: str, days: int) -> None:
    """Retention binds every case of the organization: only its admins change it."""
    org_id = access_rules.member_org(principal)
    access_rules.ensure_org_admin(principal, "change retention policies")
    (category,) = case_rules.labels([category], "category") or [""]
    if not category or not 0 <= days <= 365 * 100:
        raise InvalidArgument("a category and 0 to 36500 days are required")
    await repository.upsert_policy(uow.session, org_id, category, days)
    uow.audit(
        Actor.of(principal),
        "retention.policy_set",
        object_type="retention_policy",
        object_id=f"{org_id}/{category}",
        org_ids=(org_id,),
        days=days,
    )


async def list_policies(uow: UnitOfWork, principal: Principal) -> dict[str, int]:
    """The caller's organization's retention days by category."""
    return await repository.policies_of(uow.session, access_rules.member_org(principal))


async def delete_item(
    uow: UnitOfWork, principal: Principal, item_id: uuid.UUID, reason: str
) -> EvidenceItem:
    item = await owned_item(uow, principal, item_id)
    if item.deleted_at is not None:
        return item
    policies = await repository.policies_of(uow.session, item.org_id)
    retention = await item_retention(uow, item)
    if not rules.may_delete(retention, policies, now()):
        until = rules.keep_until(retention, policies)
        why = "on legal hold" if rules.on_hold(retention) else f"retained until {until or 'closed'}"
        raise FailedPrecondition(f"evidence {item.id} cannot be deleted: {why}")
    _soft_delete(uow, Actor.of(principal), item, reason)
    return item


def _soft_delete(uow: UnitOfWork, actor: Actor, item: EvidenceItem, reason: str) -> None:
    item.deleted_at = now()
    item.deleted_by = actor.id
    changed(uow, actor, item, "deleted", note=reason)


async def restore_item(
    uow: UnitOfWork, principal: Principal, item_id: uuid.UUID, window: timedelta
) -> EvidenceItem:
    item = await repository.item_by_id(uow.session, item_id)
    if item is None or not access_rules.is_member(principal, item.org_id) or item.purged_at:
        raise NotFound(f"evidence {item_id} not found")
    if item.deleted_at is not None:
        if item.deleted_at + window <= now():
            raise FailedPrecondition("the restore window has passed")
        item.deleted_at, item.deleted_by = None, None
        changed(uow, Actor.of(principal), item, "restored")
    return item


async def purge_due(uow: UnitOfWork, store: ObjectStore, window: timedelta) -> int:
    """Purges soft-deleted items past the window that are still deletable; returns the count."""
    purged = 0
    for item in await repository.deleted_items(uow.session, now() - window):
        if await _purge(uow, store, item, window):
            purged += 1
    return purged


async def _purge(
    uow: UnitOfWork, store: ObjectStore, item: EvidenceItem, window: timedelta
) -> bool:
    policies = await repository.policies_of(uow.session, item.org_id)
    retention = await item_retention(uow, item)
    assert item.deleted_at is not None
    if not rules.may_purge(retention, policies, item.deleted_at, window, now()):
        return False
    if not await repository.others_using_object(uow.session, item.object_key, item.id):
        try:
            await asyncio.to_thread(store.delete, item.object_key)
        except ObjectLocked as exc:
            log.info("evidence.purge_blocked_by_lock", evidence_id=str(item.id), error=str(exc))
            return False
    item.purged_at = now()
    changed(uow, ACTOR, item, "purged", object_key=item.object_key)
    return True
