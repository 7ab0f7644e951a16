from __future__ import annotations

import uuid

import pytest
from audit.domain.access import check_may_read_latest_tree_head, check_may_sign_tree_head
from custody_contracts.principal import Principal
from custody_platform.errors import PermissionDenied

pytestmark = pytest.mark.unit


def who(*roles: str) -> Principal:
    return Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles=frozenset(roles))


@pytest.mark.parametrize(
    ("roles", "signs", "reads_latest"),
    [
        (("superadmin",), True, True),
        (("service",), False, True),
        (("org_admin", "approver"), False, False),
        (("investigator",), False, False),
        (("guest",), False, False),
        ((), False, False),
    ],
)
def test_who_signs_on_demand_and_reads_the_latest_head(
    roles: tuple[str, ...], signs: bool, reads_latest: bool
) -> None:
    for check, allowed in (
        (check_may_sign_tree_head, signs),
        (check_may_read_latest_tree_head, reads_latest),
    ):
        if allowed:
            check(who(*roles))
        else:
            with pytest.raises(PermissionDenied):
                check(who(*roles))
