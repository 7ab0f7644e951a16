from __future__ import annotations

import uuid

import pytest
from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied
from gateway.domain import policy

pytestmark = pytest.mark.unit

ORG = uuid.uuid4()
OTHER = uuid.uuid4()


def who(*roles: str, org: uuid.UUID = ORG) -> Principal:
    return Principal(user_id=uuid.uuid4(), org_id=org, roles=frozenset(roles))


def test_superadmin_manages_every_org() -> None:
    policy.ensure_can_manage_users(who("superadmin"), OTHER)
    policy.ensure_can_see_org(who("superadmin"), OTHER)
    policy.ensure_superadmin(who("superadmin"))


def test_org_admin_manages_own_org_only_and_other_orgs_do_not_exist() -> None:
    policy.ensure_can_manage_users(who("org_admin"), ORG)
    with pytest.raises(NotFound):
        policy.ensure_can_manage_users(who("org_admin"), OTHER)


def test_member_without_admin_role_is_forbidden_in_own_org() -> None:
    with pytest.raises(PermissionDenied):
        policy.ensure_can_manage_users(who("investigator", "approver"), ORG)
    with pytest.raises(PermissionDenied):
        policy.ensure_superadmin(who("org_admin"))


def test_users_and_members_are_visible_within_the_org_or_to_services() -> None:
    policy.ensure_can_see_user(who("investigator"), ORG)
    policy.ensure_can_see_user(who("service", org=uuid.UUID(int=0)), OTHER)
    policy.ensure_can_list_members(who("service", org=uuid.UUID(int=0)), OTHER)
    with pytest.raises(NotFound):
        policy.ensure_can_see_user(who("org_admin"), OTHER)
    with pytest.raises(NotFound):
        policy.ensure_can_list_members(who("superadmin"), OTHER)
    with pytest.raises(NotFound):
        policy.ensure_can_see_org(who("org_admin"), OTHER)


@pytest.mark.parametrize("roles", [set(), {"superadmin"}, {"investigator", "service"}])
def test_only_organization_roles_are_assignable(roles: set[str]) -> None:
    with pytest.raises(InvalidArgument):
        policy.ensure_assignable(frozenset(roles))


def test_role_requirement() -> None:
    policy.ensure_has_role(who("org_admin"), "org_admin")
    with pytest.raises(PermissionDenied, match="org_admin"):
        policy.ensure_has_role(who("investigator"), "org_admin")


def test_emails_compare_lowercased() -> None:
    assert policy.normalize_email("  Ann.Lee@Example.ORG ") == "ann.lee@example.org"
