"""Organizations as other services see them: that one exists, and its name."""

from __future__ import annotations

import uuid

from custody_platform.errors import NotFound
from custody_platform.unit_of_work import UnitOfWork

from gateway.adapters.orm import Organization
from gateway.adapters.repository import IdentityRepository


async def look_up_org(uow: UnitOfWork, org_id: uuid.UUID) -> Organization:
    """For any signed-in caller or service: other services check the organizations a change
    names (camera partners, auto-approved requesters) with it. Only its id and name go out
    (entrypoints/mappers.py); anything more stays with identity.get_org's rule."""
    org = await IdentityRepository(uow.session).org(org_id)
    if org is None:
        raise NotFound("organization not found")
    return org
