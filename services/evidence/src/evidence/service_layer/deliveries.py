"""A fulfilled request's requester is granted the delivered item as a person, not only
through its organization: a guest (no member of the org whose id it carries) reaches its
own deliveries this way and nothing else of that org."""

from __future__ import annotations

import structlog
from custody_contracts.events.video_requests import RequestFulfilled
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.orm import Grant
from evidence.domain import access as rules
from evidence.service_layer.access import now
from evidence.service_layer.sharing import announce

ACTOR = Actor.service("evidence")
log = structlog.get_logger(__name__)


async def grant_requester(uow: UnitOfWork, event: RequestFulfilled) -> Grant | None:
    """Idempotent: an active grant for the requester on the item is kept as it is. The
    permission is what the camera owner approved (view or download)."""
    item = await repository.item_by_id(uow.session, event.evidence_id)
    if (
        item is None
        or (item.request_id, item.org_id) != (event.request_id, event.requester_org_id)
        or item.purged_at is not None
    ):
        log.warning("evidence.delivery_unknown", evidence_id=str(event.evidence_id))
        return None
    holder = [event.requester_user_id]
    existing = await repository.active_grants_for(uow.session, [item.id], holder, now())
    if existing:
        return existing[0]
    permission = rules.item_permission("download", item.permission_for_requester)
    grant = Grant(
        org_id=item.org_id,
        object_type="evidence",
        object_id=item.id,
        grantee_type="user",
        grantee_id=event.requester_user_id,
        permission=permission,
        created_by=event.requester_user_id,  # asked for by the requester, approved by the owner
    )
    uow.session.add(grant)
    await uow.session.flush()
    announce(uow, ACTOR, grant, "created")
    return grant
