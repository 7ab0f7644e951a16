"""The device gateway's OpenAPI document says what its routes take and answer: readable
operation ids, a description each, problems for errors, and the tus contract (decision 0015)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from device_gateway.domain.tus import MAX_METADATA_BYTES
from device_gateway.entrypoints.http_api import create_app

pytestmark = pytest.mark.unit
PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return create_app(SimpleNamespace()).openapi()  # type: ignore[arg-type]


def operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{method.upper()} {path}": operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def test_every_operation_has_a_readable_id_a_description_and_problem_errors(
    document: dict[str, Any],
) -> None:
    found = operations(document)
    ids = [operation["operationId"] for operation in found.values()]
    assert len(ids) == len(set(ids)) and all(i.isidentifier() and i.islower() for i in ids)
    assert [label for label, op in found.items() if not op.get("description")] == []
    for label, operation in found.items():
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert response["content"] == PROBLEM, (label, status)


def test_the_tus_contract_is_documented(document: dict[str, Any]) -> None:
    found = operations(document)
    create = found["POST /ingest/v1/uploads"]
    headers = {p["name"]: p for p in create["parameters"] if p["in"] == "header"}
    assert headers["Tus-Resumable"]["schema"]["enum"] == ["1.0.0"]
    assert headers["Upload-Metadata"]["schema"]["maxLength"] == MAX_METADATA_BYTES
    assert "sha256" in headers["Upload-Metadata"]["description"]
    assert {"201", "401", "412", "413", "460"} <= create["responses"].keys()
    assert "Location" in create["responses"]["201"]["headers"]
    append = found["PATCH /device/v1/uploads/{upload_id}"]
    assert "application/offset+octet-stream" in append["requestBody"]["content"]
    assert {"Upload-Offset", "Upload-Checksum"} <= {p["name"] for p in append["parameters"]}
    assert "ug_" in create["description"]
    assert found["OPTIONS /device/v1/uploads"]["responses"].keys() == {"204"}


def test_every_number_a_device_sends_is_bounded(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for name in ("CheckinRequest",):
        for field, schema in schemas[name]["properties"].items():
            for part in schema.get("anyOf", [schema]):
                if part.get("type") in ("integer", "number"):
                    assert {"minimum", "maximum"} <= part.keys(), (name, field)
