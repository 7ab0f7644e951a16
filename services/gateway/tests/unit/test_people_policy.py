"""Who may change whose roles and accounts, what a user who must change their password may
call, and the people list's cursor (decision 0042)."""

from __future__ import annotations

import uuid

import pytest
from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, InvalidArgument, NotFound, PermissionDenied
from gateway.domain import people

pytestmark = pytest.mark.unit

ORG, OTHER = uuid.uuid4(), uuid.uuid4()


def who(*roles: str, org: uuid.UUID = ORG) -> Principal:
    return Principal(user_id=uuid.uuid4(), org_id=org, roles=frozenset(roles))


def test_an_org_admin_changes_roles_within_the_organization_roles() -> None:
    admin = who("org_admin")
    before, after = frozenset({"investigator"}), frozenset({"approver", "org_admin"})
    people.ensure_can_administer(admin, uuid.uuid4(), ORG, before)
    people.ensure_role_change(admin, uuid.uuid4(), before, after)


def test_only_a_superadmin_grants_superadmin_or_touches_one() -> None:
    admin, root = who("org_admin"), who("superadmin", org=OTHER)
    with pytest.raises(PermissionDenied):
        people.ensure_role_change(
            admin, uuid.uuid4(), frozenset({"approver"}), frozenset({"superadmin"})
        )
    with pytest.raises(PermissionDenied):
        people.ensure_can_administer(admin, uuid.uuid4(), ORG, frozenset({"superadmin"}))
    people.ensure_role_change(
        root, uuid.uuid4(), frozenset({"approver"}), frozenset({"superadmin"})
    )
    people.ensure_can_administer(root, uuid.uuid4(), ORG, frozenset({"superadmin"}))


def test_nobody_removes_their_own_admin_role() -> None:
    admin = who("org_admin")
    with pytest.raises(Conflict):
        people.ensure_role_change(
            admin, admin.user_id, frozenset({"org_admin"}), frozenset({"approver"})
        )
    root = who("superadmin")
    with pytest.raises(Conflict):
        people.ensure_role_change(
            root, root.user_id, frozenset({"superadmin"}), frozenset({"org_admin"})
        )
    people.ensure_role_change(
        admin, admin.user_id, frozenset({"org_admin"}), frozenset({"org_admin", "approver"})
    )


def test_roles_must_be_known_and_not_empty() -> None:
    admin = who("org_admin")
    for after in (frozenset(), frozenset({"guest"}), frozenset({"service"})):
        with pytest.raises(InvalidArgument):
            people.ensure_role_change(admin, uuid.uuid4(), frozenset({"approver"}), after)


def test_other_organizations_are_not_found_and_members_are_refused() -> None:
    with pytest.raises(NotFound):
        people.ensure_can_administer(who("org_admin", org=OTHER), uuid.uuid4(), ORG, frozenset())
    with pytest.raises(PermissionDenied):
        people.ensure_can_administer(who("investigator"), uuid.uuid4(), ORG, frozenset())
    admin = who("org_admin")
    with pytest.raises(Conflict):
        people.ensure_not_self(admin, admin.user_id, "reset the password of")


def test_a_reset_password_lets_its_user_only_change_it() -> None:
    for operation in ("read_me", "change_my_password", "logout"):
        assert people.may_call(operation, password_change_required=True)
    assert not people.may_call("list_cases", password_change_required=True)
    assert people.may_call("list_cases", password_change_required=False)


def test_temporary_passwords_are_long_and_differ() -> None:
    made = {people.temporary_password() for _ in range(20)}
    assert len(made) == 20 and all(len(p) >= 20 for p in made)


def test_the_cursor_round_trips_and_refuses_what_no_page_answered() -> None:
    assert (
        people.decode_cursor(people.encode_cursor("dana@harbor.example")) == "dana@harbor.example"
    )
    assert people.decode_cursor("") is None
    for bad in ("%%%", "AA", people.encode_cursor("a\x00b")):
        with pytest.raises(InvalidArgument):
            people.decode_cursor(bad)
