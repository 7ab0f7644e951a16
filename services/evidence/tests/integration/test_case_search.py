"""A case search matches the text as typed: `%` and `_` in the search box are characters,
not SQL wildcards."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from custody_contracts.grpc import evidence_pb2
from custody_contracts.principal import Principal

pytestmark = pytest.mark.integration


async def test_wildcards_typed_in_the_search_are_plain_characters(stub: Any) -> None:
    org = uuid.uuid4()
    md = Principal(user_id=uuid.uuid4(), org_id=org, roles=frozenset({"investigator"}))
    for title in ("Fuel theft, 100% of the tank", "Parked car_1 struck", "Plain burglary"):
        fields = evidence_pb2.CaseFields(title=title)
        await stub.CreateCase(
            evidence_pb2.CreateCaseRequest(fields=fields), metadata=md.to_metadata()
        )

    async def titles(query: str) -> list[str]:
        found = await stub.ListCases(
            evidence_pb2.ListCasesRequest(query=query), metadata=md.to_metadata()
        )
        return sorted(c.title for c in found.cases)

    assert await titles("%") == ["Fuel theft, 100% of the tank"]
    assert await titles("car_") == ["Parked car_1 struck"]
    assert await titles("car_1") == ["Parked car_1 struck"]
    assert await titles("t_eft") == []  # as a wildcard, `_` would match the h of "theft"
    assert await titles("BURGLARY") == ["Plain burglary"]
