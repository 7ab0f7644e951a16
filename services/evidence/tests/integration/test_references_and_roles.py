"""What a case or grant names is checked where it lives, and what binds the whole organization
is for its admins: assignees are members of the case's organization, a person granted access
exists (in any organization), and only org admins change retention policies. A refused call
changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from custody_contracts.grpc import evidence_pb2
from custody_contracts.principal import Principal

from .conftest import FakeIdentity

pytestmark = pytest.mark.integration

INVALID = grpc.StatusCode.INVALID_ARGUMENT
DENIED = grpc.StatusCode.PERMISSION_DENIED


def _md(org_id: uuid.UUID, role: str = "investigator", user: uuid.UUID | None = None) -> Any:
    roles = frozenset({role})
    return Principal(user_id=user or uuid.uuid4(), org_id=org_id, roles=roles).to_metadata()


async def _refused(call: Any) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await call
    return err.value.code(), err.value.details() or ""


def _case(title: str, assignees: list[uuid.UUID]) -> evidence_pb2.CreateCaseRequest:
    fields = evidence_pb2.CaseFields(title=title, assignees=[str(a) for a in assignees])
    return evidence_pb2.CreateCaseRequest(fields=fields)


async def _titles(stub: Any, md: Any) -> list[str]:
    return [
        c.title for c in (await stub.ListCases(evidence_pb2.ListCasesRequest(), metadata=md)).cases
    ]


async def test_assignees_are_members_of_the_case_organization(
    stub: Any, directory: FakeIdentity
) -> None:
    org, other = uuid.uuid4(), uuid.uuid4()
    md = _md(org)
    colleague, outsider = directory.add(org), directory.add(other)
    guest, gone = directory.add(org, "guest"), directory.add(org)
    directory.deactivated.add(str(gone))
    refusals = (("outsider", outsider), ("unknown", uuid.uuid4()), ("guest", guest), ("gone", gone))
    for name, user in refusals:
        code, detail = await _refused(stub.CreateCase(_case(name, [colleague, user]), metadata=md))
        assert code == INVALID and detail.startswith("assignees:") and str(user) in detail, name
    assert await _titles(stub, md) == []  # nothing was created
    created = await stub.CreateCase(_case("ours", [colleague]), metadata=md)
    assert list(created.assignees) == [str(colleague)]

    # Changing them: the same check for whoever is added; the case keeps what it had.
    def update(assignees: list[uuid.UUID]) -> evidence_pb2.UpdateCaseRequest:
        fields = evidence_pb2.CaseFields(assignees=[str(a) for a in assignees])
        return evidence_pb2.UpdateCaseRequest(
            id=created.id, fields=fields, update_mask=["assignees"]
        )

    code, detail = await _refused(stub.UpdateCase(update([colleague, outsider]), metadata=md))
    assert code == INVALID and str(outsider) in detail
    kept = await stub.GetCase(evidence_pb2.GetCaseRequest(id=created.id), metadata=md)
    assert list(kept.assignees) == [str(colleague)]
    another = directory.add(org)
    changed = await stub.UpdateCase(update([another, colleague]), metadata=md)
    assert list(changed.assignees) == [str(another), str(colleague)]


async def test_a_grant_names_an_active_user_or_an_organization_that_exists(
    stub: Any, directory: FakeIdentity, outbox: Any
) -> None:
    org, agency = uuid.uuid4(), uuid.uuid4()
    md = _md(org)
    case = await stub.CreateCase(_case("shared", []), metadata=md)
    prosecutor = directory.add(agency)  # another agency: what grants are for
    guest, gone = directory.add(uuid.uuid4(), "guest"), directory.add(agency)
    directory.deactivated.add(str(gone))

    def grant(grantee_type: str, grantee: uuid.UUID) -> evidence_pb2.CreateGrantRequest:
        return evidence_pb2.CreateGrantRequest(
            object_type="case",
            object_id=case.id,
            grantee_type=grantee_type,
            grantee_id=str(grantee),
            permission="view",
        )

    before = len(await outbox("evidence.access_changed.v1"))
    unknown = uuid.uuid4()
    refusals = [("user", unknown), ("guest", unknown), ("guest", prosecutor), ("user", gone)]
    for grantee_type, grantee in [*refusals, ("org", unknown)]:
        code, detail = await _refused(stub.CreateGrant(grant(grantee_type, grantee), metadata=md))
        assert code == INVALID and detail.startswith("grantee_id:") and str(grantee) in detail
    assert len(await outbox("evidence.access_changed.v1")) == before
    made = await stub.CreateGrant(grant("user", prosecutor), metadata=md)
    assert made.grantee_id == str(prosecutor)
    assert (await stub.CreateGrant(grant("guest", guest), metadata=md)).grantee_id == str(guest)
    assert (await stub.CreateGrant(grant("org", agency), metadata=md)).grantee_id == str(agency)
    # The grantee reaches the case.
    seen = await stub.GetCase(
        evidence_pb2.GetCaseRequest(id=case.id), metadata=_md(uuid.uuid4(), user=prosecutor)
    )
    assert seen.permission == "view"


async def test_only_org_admins_change_retention_policies(stub: Any, outbox: Any) -> None:
    org = uuid.uuid4()

    def set_days(days: int, role: str) -> Any:
        request = evidence_pb2.SetRetentionPolicyRequest(category="homicide", days=days)
        return stub.SetRetentionPolicy(request, metadata=_md(org, role))

    async def policies(role: str) -> dict[str, int]:
        listing = evidence_pb2.ListRetentionPoliciesRequest()
        found = await stub.ListRetentionPolicies(listing, metadata=_md(org, role))
        return {p.category: p.days for p in found.policies}

    await set_days(36_500, "org_admin")
    before = len(await outbox("audit.record.v1"))
    for role in ("investigator", "approver"):
        code, detail = await _refused(set_days(0, role))
        assert code == DENIED and "org admin" in detail, role
    assert len(await outbox("audit.record.v1")) == before
    assert await policies("investigator") == {"homicide": 36_500}  # reading stays open
    await set_days(3650, "superadmin")
    assert await policies("approver") == {"homicide": 3650}
