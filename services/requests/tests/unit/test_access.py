from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied
from video_requests.domain.access import check_decider, check_submitter, visible_items
from video_requests.domain.cameras import CameraSource, exportable_device

pytestmark = pytest.mark.unit

REQUESTER, OWNER_A, OWNER_B = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


@dataclass(frozen=True)
class Item:
    owner_org_id: uuid.UUID


ITEMS = [Item(OWNER_A), Item(OWNER_B), Item(OWNER_A)]


def who(org: uuid.UUID, *roles: str) -> Principal:
    return Principal(user_id=uuid.uuid4(), org_id=org, roles=frozenset(roles))


def test_requester_sees_all_owners_their_own_strangers_nothing() -> None:
    assert visible_items(REQUESTER, ITEMS, who(REQUESTER)) == ITEMS
    assert visible_items(REQUESTER, ITEMS, who(OWNER_A)) == [ITEMS[0], ITEMS[2]]
    assert visible_items(REQUESTER, ITEMS, who(uuid.uuid4(), "org_admin")) == []
    assert visible_items(REQUESTER, ITEMS, who(uuid.uuid4(), "service")) == ITEMS


def test_only_the_owners_approvers_decide() -> None:
    check_decider(REQUESTER, ITEMS[0], who(OWNER_A, "approver"))
    check_decider(REQUESTER, ITEMS[0], who(OWNER_A, "org_admin"))
    with pytest.raises(PermissionDenied):
        check_decider(REQUESTER, ITEMS[0], who(OWNER_A, "investigator"))
    with pytest.raises(PermissionDenied):
        check_decider(REQUESTER, ITEMS[0], who(REQUESTER, "approver"))
    with pytest.raises(NotFound):
        check_decider(REQUESTER, ITEMS[0], who(OWNER_B, "approver"))
    with pytest.raises(NotFound):
        check_decider(REQUESTER, ITEMS[0], who(uuid.uuid4(), "approver"))


def test_submitters_are_investigators_or_org_admins() -> None:
    check_submitter(who(REQUESTER, "investigator"))
    check_submitter(who(REQUESTER, "org_admin"))
    with pytest.raises(PermissionDenied):
        check_submitter(who(REQUESTER, "approver"))


def test_only_active_cameras_with_a_device_export() -> None:
    device = uuid.uuid4()
    camera = CameraSource(uuid.uuid4(), OWNER_A, device, 1, "active")
    assert exportable_device(camera) == device
    with pytest.raises(InvalidArgument, match="retired"):
        exportable_device(CameraSource(uuid.uuid4(), OWNER_A, device, 1, "retired"))
    with pytest.raises(InvalidArgument, match="no device"):
        exportable_device(CameraSource(uuid.uuid4(), OWNER_A, None, 1, "active"))
