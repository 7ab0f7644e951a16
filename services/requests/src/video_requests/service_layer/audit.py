"""One audit record per line-item change, in the unit of work that makes the change."""

from __future__ import annotations

from custody_platform.unit_of_work import Actor, UnitOfWork

from video_requests.adapters.orm import LineItem, VideoRequest

SELF = Actor.service("requests")  # the service acting on its own: policies, SLA clock, outcomes


def item_changed(
    uow: UnitOfWork,
    actor: Actor,
    action: str,
    request: VideoRequest,
    item: LineItem,
    *,
    reason: str | None = None,
    **details: object,
) -> None:
    uow.audit(
        actor,
        action,
        object_type="line_item",
        object_id=item.id,
        org_ids=(request.requester_org_id, item.owner_org_id),
        reason=reason,
        request_id=request.id,
        camera_id=item.camera_id,
        status=item.status,
        **details,
    )
