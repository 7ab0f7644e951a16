"""`custody admin …` run as an operator runs it: the console script, against the stack."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CUSTODY = str(Path(sys.executable).parent / "custody")


def _admin(stack_json: Path, *argv: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [CUSTODY, "admin", *argv, "--stack", str(stack_json), "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return done.returncode, json.loads(done.stdout)


@pytest.fixture(scope="module")
def stack_json(stack: dict[str, Any]) -> Path:
    """The file `make run` writes, beside the mail the stack keeps in its data directory."""
    return Path(stack["mail_dir"]).parent / "stack.json"


def test_create_an_organization_and_a_user_who_signs_in(
    stack_json: Path, gateway: httpx.Client
) -> None:
    name = f"CLI Police {uuid.uuid4().hex[:6]}"
    status, org = _admin(stack_json, "create-org", name)
    assert status == 0, org
    assert org["name"] == name
    email = f"cli-{uuid.uuid4().hex[:6]}@example.org"
    status, user = _admin(
        stack_json, "create-user", "--org", org["id"], "--email", email, "--name", "Cli User",
        "--role", "investigator", "--role", "approver",
    )  # fmt: skip
    assert status == 0, user
    assert user["roles"] == ["approver", "investigator"]
    me = gateway.get("/api/v1/users/me", headers=login(gateway, email, user["password"]))
    assert me.json()["org_id"] == org["id"]
    status, again = _admin(stack_json, "create-org", name)
    assert status == 1 and "409" in again["error"]


def test_an_admin_lists_resets_deactivates_and_reactivates_a_user(
    stack_json: Path, gateway: httpx.Client
) -> None:
    _, org = _admin(stack_json, "create-org", f"CLI People {uuid.uuid4().hex[:6]}")
    email = f"cli-{uuid.uuid4().hex[:6]}@example.org"
    _, user = _admin(
        stack_json, "create-user", "--org", org["id"], "--email", email, "--name", "Dana Cli",
        "--role", "investigator",
    )  # fmt: skip
    status, found = _admin(stack_json, "list-users", "--org", org["id"], "--search", "dana cli")
    assert status == 0 and [u["email"] for u in found["items"]] == [email]

    status, reset = _admin(stack_json, "reset-password", user["id"])
    assert status == 0 and reset["user"]["password_change_required"] is True
    temporary = login(gateway, email, reset["temporary_password"])
    assert gateway.get("/api/v1/cases", headers=temporary).status_code == 403

    status, _ = _admin(stack_json, "deactivate-user", user["id"])
    assert status == 0
    refused = {"username": email, "password": reset["temporary_password"]}
    assert gateway.post("/api/v1/auth/token", data=refused).status_code == 401
    _, gone = _admin(stack_json, "list-users", "--org", org["id"], "--status", "deactivated")
    assert [u["id"] for u in gone["items"]] == [user["id"]]
    status, back = _admin(stack_json, "reactivate-user", user["id"])
    assert status == 0 and back["is_active"] is True
    login(gateway, email, reset["temporary_password"])
    status, missing = _admin(stack_json, "reactivate-user", str(uuid.uuid4()))
    assert status == 1 and "404" in missing["error"]


def test_the_whole_ledger_verifies(stack_json: Path, gateway: httpx.Client) -> None:
    status, report = _admin(stack_json, "verify-ledger")
    assert status == 0, report
    assert report["ok"] is True and report["problems"] == []


def test_redrive_sends_dead_letters_back_to_their_topic(
    stack_json: Path, stack: dict[str, Any]
) -> None:
    servers = stack["kafka_bootstrap_servers"]
    key = f"cli-{uuid.uuid4()}"
    notes = [("x-error-type", b"ValueError"), ("x-original-topic", b"registry.events")]
    asyncio.run(_produce(servers, "registry.events.dlq", key, notes))
    status, result = _admin(stack_json, "redrive", "registry.events")
    assert status == 0, result
    assert result["redriven"] >= 1
    redriven = asyncio.run(_find(servers, "registry.events", key))
    assert redriven is not None and not any(k.startswith("x-") for k, _ in redriven.headers)
    status, second = _admin(stack_json, "redrive", "registry.events")
    assert (status, second["redriven"]) == (0, 0)


async def _produce(servers: str, topic: str, key: str, headers: list[tuple[str, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=servers)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"{}", key=key.encode(), headers=headers)
    finally:
        await producer.stop()


async def _find(servers: str, topic: str, key: str) -> Any:
    admin = AIOKafkaAdminClient(bootstrap_servers=servers)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    partitions = [TopicPartition(topic, p["partition"]) for p in described["partitions"]]
    consumer = AIOKafkaConsumer(bootstrap_servers=servers, auto_offset_reset="earliest")
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        while [tp for tp in partitions if await consumer.position(tp) < end[tp]]:
            for records in (await consumer.getmany(*partitions, timeout_ms=1000)).values():
                for record in records:
                    if record.key == key.encode():
                        return record
        return None
    finally:
        await consumer.stop()
