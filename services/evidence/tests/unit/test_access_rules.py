"""The access rules of view-only playback and of organization settings, pure (decision 0013)."""

from __future__ import annotations

import uuid

import pytest
from custody_contracts.principal import Principal
from custody_platform.errors import PermissionDenied
from evidence.domain import access as rules

pytestmark = pytest.mark.unit

MIB = 1 << 20


@pytest.mark.parametrize(
    ("permission", "asked", "sent"),
    [
        ("view", 10 * MIB, 2 * MIB),
        ("view", 100, 100),
        ("download", 10 * MIB, 10 * MIB),
        ("owner", 10 * MIB, 10 * MIB),
        ("contribute", 10 * MIB, 2 * MIB),  # contribute may add evidence, not take it whole
    ],
)
def test_only_those_who_may_download_get_a_range_unbounded(
    permission: str, asked: int, sent: int
) -> None:
    assert rules.served_length(permission, asked, 2 * MIB) == sent


@pytest.mark.parametrize("held", ["view", "contribute"])
def test_a_holder_never_passes_on_download_it_does_not_hold(held: str) -> None:
    with pytest.raises(PermissionDenied, match=r"^permission:"):
        rules.ensure_may_pass_on(held, "download")
    rules.ensure_may_pass_on(held, "view")


@pytest.mark.parametrize("held", ["download", "owner"])
def test_download_holders_may_pass_it_on(held: str) -> None:
    rules.ensure_may_pass_on(held, "download")


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [({"org_admin"}, True), ({"superadmin"}, True), ({"investigator", "approver"}, False)],
)
def test_organization_settings_are_for_admins(roles: set[str], allowed: bool) -> None:
    who = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles=frozenset(roles))
    if allowed:
        rules.ensure_org_admin(who, "change retention policies")
    else:
        with pytest.raises(PermissionDenied, match="org admin"):
            rules.ensure_org_admin(who, "change retention policies")
