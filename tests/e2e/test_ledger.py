"""The custody ledger through the public API: every action leaves a record whose inclusion
proof verifies against a signed tree head with the published key; heads are consistent with
each other; another organization sees none of it. Only a superadmin signs a head on demand or
reads the latest one (decision 0014); a user gets the head it needs with each proof."""

from __future__ import annotations

import os
from typing import Any

import httpx
import pytest
from audit.domain.merkle import leaf_hash
from audit.domain.tree_heads import signed_text
from audit.domain.verifiers import verify_consistency, verify_inclusion
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from .conftest import login
from .helpers import (
    MIB,
    audit_entry,
    call,
    is_problem,
    new_case,
    new_org,
    tus_upload,
    wait_for_items,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def ledger_world(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    metro = new_org(gateway, admin, "Ledger PD", {"lead": ["investigator"]})
    outsider = new_org(gateway, admin, "Other PD", {"snoop": ["investigator"]})
    lead = metro["users"]["lead"]["headers"]
    case = new_case(gateway, lead)
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", lead, {}, 201)
    data = os.urandom(MIB // 2)
    tus_upload(grant["tus_url"], grant["token"], data, "note.bin", "application/octet-stream")
    (item,) = wait_for_items(gateway, lead, case["id"], 1)
    download = gateway.get(f"/api/v1/evidence/{item['id']}/download", headers=lead)
    assert download.status_code == 200 and download.content == data
    return {"admin": admin, "metro": metro, "outsider": outsider, "case": case, "item": item}


def public_key(gateway: httpx.Client) -> Ed25519PublicKey:
    found = gateway.get("/api/v1/audit/public-key")  # no token: anyone may check heads
    assert found.status_code == 200 and found.json()["algorithm"] == "Ed25519"
    key = load_pem_public_key(found.json()["public_key_pem"].encode())
    assert isinstance(key, Ed25519PublicKey)
    return key


def check_head(key: Ed25519PublicKey, head: dict[str, Any]) -> None:
    root = bytes.fromhex(head["root_hash"])
    message = signed_text(head["tree_size"], root, head["timestamp_ms"], head["key_id"])
    key.verify(bytes.fromhex(head["signature"]), message)  # raises if forged


def test_each_action_is_recorded_with_a_proof_that_verifies(
    gateway: httpx.Client, ledger_world: dict[str, Any]
) -> None:
    lead_user = ledger_world["metro"]["users"]["lead"]
    lead, item = lead_user["headers"], ledger_world["item"]
    downloaded = audit_entry(gateway, lead, item["id"], "evidence.downloaded", lead_user["id"])
    # Listed before signing, so the head covers every listed record.
    records = call(gateway, "GET", "/api/v1/audit/records", lead, params={"object_id": item["id"]})
    head = call(gateway, "POST", "/api/v1/audit/tree-heads", ledger_world["admin"], expect=201)
    key = public_key(gateway)
    check_head(key, head)
    assert {"evidence.downloaded"} <= {r["action"] for r in records["items"]}
    for record in records["items"]:
        proof = call(
            gateway,
            "GET",
            f"/api/v1/audit/records/{record['event_id']}/proof",
            lead,
            params={"tree_head_id": head["id"]},
        )
        leaf = leaf_hash(proof["canonical"].encode())
        assert leaf.hex() == record["leaf_hash"] == proof["record"]["leaf_hash"]
        path = [bytes.fromhex(h) for h in proof["audit_path"]]
        root = bytes.fromhex(proof["tree_head"]["root_hash"])
        assert verify_inclusion(leaf, record["index"], head["tree_size"], path, root)
    assert downloaded["source_address"] == "127.0.0.1"


def test_records_by_case_and_actor(gateway: httpx.Client, ledger_world: dict[str, Any]) -> None:
    lead_user = ledger_world["metro"]["users"]["lead"]
    lead, case, item = lead_user["headers"], ledger_world["case"], ledger_world["item"]
    audit_entry(gateway, lead, item["id"], "evidence.downloaded", lead_user["id"])
    by_case = call(gateway, "GET", "/api/v1/audit/records", lead, params={"case_id": case["id"]})
    assert item["id"] in {r["object_id"] for r in by_case["items"]}
    by_actor = call(
        gateway, "GET", "/api/v1/audit/records", lead, params={"actor_id": lead_user["id"]}
    )
    assert {r["actor_id"] for r in by_actor["items"]} == {lead_user["id"]}
    assert "evidence.downloaded" in {r["action"] for r in by_actor["items"]}
    nothing = gateway.get("/api/v1/audit/records", headers=lead)
    assert is_problem(nothing, 400) or is_problem(nothing, 422)


def test_later_heads_are_consistent_with_earlier_ones(
    gateway: httpx.Client, ledger_world: dict[str, Any]
) -> None:
    lead, admin = ledger_world["metro"]["users"]["lead"]["headers"], ledger_world["admin"]
    first = call(gateway, "POST", "/api/v1/audit/tree-heads", admin, expect=201)
    item_id = ledger_world["item"]["id"]
    assert gateway.get(f"/api/v1/evidence/{item_id}/download", headers=lead).status_code == 200
    latest = call(gateway, "POST", "/api/v1/audit/tree-heads", admin, expect=201)
    assert call(gateway, "GET", "/api/v1/audit/tree-heads/latest", admin)["id"] >= latest["id"]
    found = call(
        gateway,
        "GET",
        "/api/v1/audit/consistency",
        lead,
        params={"from_tree_head_id": first["id"], "to_tree_head_id": latest["id"]},
    )
    old, new = bytes.fromhex(first["root_hash"]), bytes.fromhex(latest["root_hash"])
    proof = [bytes.fromhex(h) for h in found["proof"]]
    assert verify_consistency(first["tree_size"], latest["tree_size"], old, new, proof)


def test_another_organization_sees_none_of_it(
    gateway: httpx.Client, ledger_world: dict[str, Any]
) -> None:
    lead_user = ledger_world["metro"]["users"]["lead"]
    snoop = ledger_world["outsider"]["users"]["snoop"]["headers"]
    item, case = ledger_world["item"], ledger_world["case"]
    entry = audit_entry(
        gateway, lead_user["headers"], item["id"], "evidence.downloaded", lead_user["id"]
    )
    for params in (
        {"object_id": item["id"]},
        {"case_id": case["id"]},
        {"actor_id": lead_user["id"]},
    ):
        assert call(gateway, "GET", "/api/v1/audit/records", snoop, params=params)["items"] == []
    proof = gateway.get(f"/api/v1/audit/records/{entry['event_id']}/proof", headers=snoop)
    assert is_problem(proof, 404)
    assert is_problem(gateway.get(f"/api/v1/audit/records/{entry['event_id']}/proof"), 401)


def test_only_a_superadmin_signs_a_head_on_demand_or_reads_the_latest(
    gateway: httpx.Client, ledger_world: dict[str, Any]
) -> None:
    """The latest head tells the size of every organization's ledger together: a user may
    neither make heads at will nor read the latest; its proofs still carry signed heads."""
    lead_user = ledger_world["metro"]["users"]["lead"]
    snoop = ledger_world["outsider"]["users"]["snoop"]["headers"]
    for user in (lead_user["headers"], snoop):
        assert is_problem(gateway.post("/api/v1/audit/tree-heads", headers=user), 403)
        assert is_problem(gateway.get("/api/v1/audit/tree-heads/latest", headers=user), 403)
    entry = audit_entry(
        gateway,
        lead_user["headers"],
        ledger_world["item"]["id"],
        "evidence.downloaded",
        lead_user["id"],
    )
    head = call(gateway, "POST", "/api/v1/audit/tree-heads", ledger_world["admin"], expect=201)
    proof = call(
        gateway, "GET", f"/api/v1/audit/records/{entry['event_id']}/proof", lead_user["headers"]
    )  # against the latest head, which the user gets with the proof
    assert proof["tree_head"]["id"] >= head["id"]
    check_head(public_key(gateway), proof["tree_head"])
    leaf = leaf_hash(proof["canonical"].encode())
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    root = bytes.fromhex(proof["tree_head"]["root_hash"])
    size = proof["tree_head"]["tree_size"]
    assert verify_inclusion(leaf, proof["record"]["index"], size, path, root)
