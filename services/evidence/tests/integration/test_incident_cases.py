"""A CAD incident's case (decision 0043) on real Postgres through the gRPC API: created once
with the first call's fields, the same case answered unchanged after, one case for two
concurrent calls, and each organization its own."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import grpc
import pytest
from custody_contracts.grpc import evidence_pb2
from custody_contracts.principal import Principal

pytestmark = pytest.mark.integration


def _member(org_id: uuid.UUID, *roles: str) -> list[tuple[str, str]]:
    principal = Principal(user_id=uuid.uuid4(), org_id=org_id, roles=frozenset(roles))
    return principal.to_metadata()


def _open(stub: Any, metadata: list[tuple[str, str]], number: str, title: str) -> Any:
    fields = evidence_pb2.CaseFields(title=title, incident_type="fire")
    request = evidence_pb2.CreateCaseRequest(number=number, fields=fields)
    return stub.OpenIncidentCase(request, metadata=metadata)


async def test_an_incident_has_one_case_however_often_it_is_opened(stub: Any) -> None:
    org = uuid.uuid4()
    caller = _member(org, "investigator")
    number = f"CAD-{uuid.uuid4().hex[:8]}"
    first = await _open(stub, caller, number, "Structure fire")
    assert first.created and first.case.number == number
    assert first.case.title == "Structure fire" and first.case.incident_type == "fire"
    again = await _open(stub, caller, number, "Renamed")
    assert not again.created and again.case.id == first.case.id
    assert again.case.title == "Structure fire"

    racing = f"CAD-{uuid.uuid4().hex[:8]}"
    both = await asyncio.gather(*(_open(stub, caller, racing, "Race") for _ in range(2)))
    assert sorted(o.created for o in both) == [False, True]
    assert both[0].case.id == both[1].case.id

    theirs = await _open(stub, _member(uuid.uuid4(), "investigator"), number, "Theirs")
    assert theirs.created and theirs.case.id != first.case.id


async def test_a_guest_and_a_bad_number_are_refused(stub: Any) -> None:
    org = uuid.uuid4()
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await _open(stub, _member(org, "guest"), "CAD-1", "Guest")
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as invalid:
        await _open(stub, _member(org, "investigator"), "../etc", "Bad")
    assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
