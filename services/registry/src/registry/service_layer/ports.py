"""What the registry's use cases need from other services: where users, organizations and
devices live.

Each is asked as the caller, so another organization's user or device is no different from
one that does not exist. Organizations are public by id: any caller may learn one exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from custody_contracts.principal import Principal


class MemberDirectory(Protocol):
    async def non_members(
        self, user_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        """Those of ``user_ids`` that name no active member of the caller's organization
        (unknown ids, other organizations' users and guests alike), in the order given."""
        ...


class DeviceDirectory(Protocol):
    async def unknown_devices(
        self, device_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        """Those of ``device_ids`` that name no device of the caller's organization, in the
        order given."""
        ...


class OrganizationDirectory(Protocol):
    async def unknown_orgs(
        self, org_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        """Those of ``org_ids`` that name no organization, in the order given."""
        ...


class Identity(MemberDirectory, OrganizationDirectory, Protocol):
    """The gateway's Identity: the members of the caller's organization, and organizations."""


class CameraReferences(DeviceDirectory, OrganizationDirectory, Protocol):
    """What a camera names elsewhere: its devices and its partner organizations."""
