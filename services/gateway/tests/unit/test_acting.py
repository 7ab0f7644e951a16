"""Acting for an organization (decision 0048): who may, the principal the services get, how it
travels in gRPC metadata and how the audit record names it."""

from __future__ import annotations

import uuid

import pytest
from custody_contracts.principal import ROLE_ORG_ADMIN, ROLE_SUPERADMIN, Principal
from custody_platform.errors import InvalidArgument, PermissionDenied
from custody_platform.unit_of_work import Actor
from gateway.domain import acting

PLATFORM, HARBOR = uuid.uuid4(), uuid.uuid4()
OPERATOR = Principal(user_id=uuid.uuid4(), org_id=PLATFORM, roles=frozenset({ROLE_SUPERADMIN}))


def test_only_a_superadmin_signed_in_as_a_person_may_act() -> None:
    admin = Principal(user_id=uuid.uuid4(), org_id=HARBOR, roles=frozenset({ROLE_ORG_ADMIN}))
    assert acting.ensure_may_act(OPERATOR) is OPERATOR
    for caller in (admin, None):  # None: an API key
        with pytest.raises(PermissionDenied):
            acting.ensure_may_act(caller)


def test_the_platform_organization_is_not_one_to_act_for() -> None:
    acting.ensure_customer_org(OPERATOR, HARBOR, platform=False)
    for org_id, platform in ((HARBOR, True), (PLATFORM, False)):
        with pytest.raises(PermissionDenied):
            acting.ensure_customer_org(OPERATOR, org_id, platform=platform)


def test_a_header_that_is_no_organization_id_is_bad_input() -> None:
    assert acting.parse_org_id(f" {HARBOR} ") == HARBOR
    with pytest.raises(InvalidArgument):
        acting.parse_org_id("harbor")


def test_the_acting_principal_is_the_organizations_admin_only_and_travels_marked() -> None:
    principal = acting.acting_principal(OPERATOR, HARBOR)
    assert (principal.user_id, principal.org_id) == (OPERATOR.user_id, HARBOR)
    assert principal.roles == {ROLE_ORG_ADMIN} and principal.acting
    assert Principal.from_metadata(principal.to_metadata()) == principal
    assert not Principal.from_metadata(OPERATOR.to_metadata()).acting  # type: ignore[union-attr]


def test_an_acting_principal_is_audited_as_acting_for_the_organization() -> None:
    assert Actor.of(acting.acting_principal(OPERATOR, HARBOR)).acting_for == HARBOR
    assert Actor.of(OPERATOR).acting_for is None
