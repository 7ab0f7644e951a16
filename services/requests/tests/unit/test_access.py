from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied
from video_requests.domain.access import (
    check_decider,
    check_guest_cameras,
    check_requester,
    check_submitter,
    visible_items,
)
from video_requests.domain.policies import CameraPolicy

pytestmark = pytest.mark.unit

REQUESTER, OWNER_A, OWNER_B = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


@dataclass(frozen=True)
class Item:
    owner_org_id: uuid.UUID
    approver_user_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class Request:
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID


ITEMS = [Item(OWNER_A), Item(OWNER_B), Item(OWNER_A)]
REQUEST = Request(REQUESTER, uuid.uuid4())


def who(org: uuid.UUID, *roles: str) -> Principal:
    return Principal(user_id=uuid.uuid4(), org_id=org, roles=frozenset(roles))


def test_requester_sees_all_owners_their_own_strangers_nothing() -> None:
    assert visible_items(REQUEST, ITEMS, who(REQUESTER)) == ITEMS
    assert visible_items(REQUEST, ITEMS, who(OWNER_A)) == [ITEMS[0], ITEMS[2]]
    assert visible_items(REQUEST, ITEMS, who(uuid.uuid4(), "org_admin")) == []
    assert visible_items(REQUEST, ITEMS, who(uuid.uuid4(), "service")) == ITEMS


def test_only_the_owners_approvers_decide() -> None:
    check_decider(REQUEST, ITEMS[0], who(OWNER_A, "approver"))
    check_decider(REQUEST, ITEMS[0], who(OWNER_A, "org_admin"))
    with pytest.raises(PermissionDenied):
        check_decider(REQUEST, ITEMS[0], who(OWNER_A, "investigator"))
    with pytest.raises(PermissionDenied):
        check_decider(REQUEST, ITEMS[0], who(REQUESTER, "approver"))
    with pytest.raises(NotFound):
        check_decider(REQUEST, ITEMS[0], who(OWNER_B, "approver"))
    with pytest.raises(NotFound):
        check_decider(REQUEST, ITEMS[0], who(uuid.uuid4(), "approver"))


def test_named_approvers_and_only_they_decide() -> None:
    named = who(OWNER_A, "approver")
    item = Item(OWNER_A, (uuid.uuid4(), named.user_id))
    check_decider(REQUEST, item, named)
    for unnamed in (who(OWNER_A, "org_admin"), who(OWNER_A, "approver", "org_admin")):
        with pytest.raises(PermissionDenied, match="named"):
            check_decider(REQUEST, item, unnamed)
    # Named, yet of another organization or a guest: still not a decider.
    for stranger in (
        Principal(user_id=named.user_id, org_id=REQUESTER, roles=frozenset({"approver"})),
        Principal(user_id=named.user_id, org_id=OWNER_A, roles=frozenset({"guest"})),
    ):
        with pytest.raises((PermissionDenied, NotFound)):
            check_decider(REQUEST, item, stranger)


def test_submitters_are_investigators_or_org_admins() -> None:
    check_submitter(who(REQUESTER, "investigator"))
    check_submitter(who(REQUESTER, "org_admin"))
    with pytest.raises(PermissionDenied):
        check_submitter(who(REQUESTER, "approver"))


def test_only_cameras_with_a_device_export() -> None:
    device = uuid.uuid4()
    assert CameraPolicy(uuid.uuid4(), OWNER_A, device).exportable_device() == device
    with pytest.raises(InvalidArgument, match="no device"):
        CameraPolicy(uuid.uuid4(), OWNER_A, None).exportable_device()


def test_a_guest_sees_only_their_own_requests_and_asks_only_the_inviting_org() -> None:
    guest = Principal(user_id=uuid.uuid4(), org_id=OWNER_A, roles=frozenset({"guest"}))
    own = Request(OWNER_A, guest.user_id)
    someone_elses = Request(OWNER_A, uuid.uuid4())
    assert visible_items(own, ITEMS, guest) == ITEMS
    assert visible_items(someone_elses, ITEMS, guest) == []  # though its org owns the cameras
    with pytest.raises(NotFound):
        check_decider(someone_elses, ITEMS[0], guest)
    check_submitter(guest)
    check_guest_cameras(guest, [OWNER_A])
    with pytest.raises(InvalidArgument):
        check_guest_cameras(guest, [OWNER_A, OWNER_B])


def test_only_the_requester_acts_for_the_requester() -> None:
    check_requester(REQUEST, ITEMS, who(REQUESTER, "investigator"))
    with pytest.raises(PermissionDenied):
        check_requester(REQUEST, ITEMS, who(OWNER_A, "approver"))
    with pytest.raises(NotFound):
        check_requester(REQUEST, ITEMS, who(uuid.uuid4(), "investigator"))
