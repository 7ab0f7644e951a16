"""Changes to evidence metadata (never its bytes), comments, and case membership."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from custody_contracts.events.evidence import EvidenceChanged
from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.orm import Comment, EvidenceItem
from evidence.domain import cases as case_rules
from evidence.service_layer.access import item_for, owned_case, owned_item

MAX_TIME_CODE = 31 * 24 * 3600.0  # seconds: longer than any recording we hold
ITEM_FIELDS = frozenset(
    {
        "description",
        "categories",
        "tags",
        "capture_start",
        "capture_end",
        "latitude",
        "longitude",
        "device_id",
        "camera_id",
    }
)


@dataclass(frozen=True)
class ItemInput:
    description: str = ""
    categories: Sequence[str] = ()
    tags: Sequence[str] = ()
    capture_start: datetime | None = None
    capture_end: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    device_id: uuid.UUID | None = None
    camera_id: uuid.UUID | None = None

    def values(self, names: frozenset[str]) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in names}
        for name in ("categories", "tags"):
            if name in values:
                values[name] = case_rules.labels(list(values[name]), name)
        for name, bound in (("latitude", 90), ("longitude", 180)):
            value = values.get(name)
            if value is not None and not -bound <= value <= bound:
                raise InvalidArgument(f"{name} must be within [-{bound}, {bound}]")
        return values


def changed(
    uow: UnitOfWork,
    actor: Actor,
    item: EvidenceItem,
    change: str,
    case_id: uuid.UUID | None = None,
    **details: Any,
) -> None:
    uow.emit(
        EvidenceChanged(
            evidence_id=item.id,
            org_id=item.org_id,
            change=change,  # type: ignore[arg-type]
            case_id=case_id,
        ),
        subject=f"evidence/{item.id}",
    )
    uow.audit(
        actor,
        f"evidence.{change}",
        object_type="evidence",
        object_id=item.id,
        org_ids=(item.org_id,),
        object_hash=item.sha256,
        **details,
    )


async def update_item(
    uow: UnitOfWork, principal: Principal, item_id: uuid.UUID, fields: ItemInput, mask: list[str]
) -> EvidenceItem:
    names = frozenset(mask)
    if not names or not names <= ITEM_FIELDS:
        raise InvalidArgument(f"update_mask must name fields among {sorted(ITEM_FIELDS)}")
    values = fields.values(names)
    item = await owned_item(uow, principal, item_id)
    start = values.get("capture_start", item.capture_start)
    end = values.get("capture_end", item.capture_end)
    if start and end and end < start:
        raise InvalidArgument("capture_end must not be before capture_start")
    for name, value in values.items():
        setattr(item, name, value)
    changed(uow, Actor.of(principal), item, "updated", fields=sorted(names))
    return item


async def add_comment(
    uow: UnitOfWork, principal: Principal, item_id: uuid.UUID, body: str, at_s: float | None = None
) -> Comment:
    """A comment, at a time code (seconds into the media) when `at_s` is given."""
    body = body.strip()
    if not body or len(body) > 10_000:
        raise InvalidArgument("a comment is 1 to 10000 characters")
    if at_s is not None and not 0 <= at_s <= MAX_TIME_CODE:
        raise InvalidArgument("a comment's time code is 0 to 31 days in seconds")
    found = await item_for(uow, principal, item_id)
    comment = Comment(evidence_id=found.item.id, author_id=principal.user_id, body=body, at_s=at_s)
    uow.session.add(comment)
    await uow.session.flush()
    changed(uow, Actor.of(principal), found.item, "commented", comment_id=str(comment.id))
    return comment


async def list_comments(
    uow: UnitOfWork, principal: Principal, item_id: uuid.UUID
) -> Sequence[Comment]:
    found = await item_for(uow, principal, item_id)
    return await repository.comments_on(uow.session, found.item.id)


async def add_to_case(
    uow: UnitOfWork, principal: Principal, item_id: uuid.UUID, case_id: uuid.UUID
) -> EvidenceItem:
    item = await owned_item(uow, principal, item_id)
    case = await owned_case(uow, principal, case_id)
    await repository.link_item(uow.session, case.id, item.id)
    changed(uow, Actor.of(principal), item, "added_to_case", case.id, added_to=str(case.id))
    return item
