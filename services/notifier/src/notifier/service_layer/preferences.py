"""A person's notification preferences: read and changed by themselves only (the principal
is the owner; there is no other user's id to name)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from custody_contracts.principal import Principal
from custody_platform.unit_of_work import Actor, UnitOfWork

from notifier.adapters import preference_repository
from notifier.domain import preferences
from notifier.domain.preferences import Topic


@dataclass(frozen=True)
class Preference:
    topic: Topic
    choice: str


async def read(uow: UnitOfWork, principal: Principal) -> list[Preference]:
    saved = await preference_repository.stored(uow.session, [principal.user_id])
    mine = saved.get(principal.user_id, {})
    return [Preference(t, preferences.choice(mine, t.key)) for t in preferences.TOPICS]


async def update(
    uow: UnitOfWork, principal: Principal, changes: Mapping[str, str]
) -> list[Preference]:
    """Saves the topics named (the others keep their choice); audited as the person's act."""
    wanted = preferences.checked(changes)
    await preference_repository.save(uow.session, principal.user_id, wanted)
    uow.audit(
        Actor.of(principal),
        "notification_preferences.updated",
        object_type="user",
        object_id=principal.user_id,
        org_ids=(principal.org_id,),
        changes=wanted,
    )
    return await read(uow, principal)
