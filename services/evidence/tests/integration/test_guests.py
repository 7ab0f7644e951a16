"""Guests on a real gRPC server: a guest carries the inviting org's id but is no member of it.
It reaches the items delivered for its own requests (through the user grant a fulfilled
request leaves) and gets NotFound or PermissionDenied for everything else of that org."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from custody_contracts import topics
from custody_contracts.envelope import Envelope
from custody_contracts.events.device_gateway import VideoUploaded
from custody_contracts.events.video_requests import RequestFulfilled
from custody_contracts.grpc import evidence_pb2
from custody_contracts.principal import Principal
from google.protobuf.timestamp_pb2 import Timestamp

from .conftest import FakeIdentity, staged_upload

pytestmark = pytest.mark.integration

VIDEO = bytes(range(256)) * 20
NOT_FOUND = grpc.StatusCode.NOT_FOUND
DENIED = grpc.StatusCode.PERMISSION_DENIED


Fulfil = Callable[[VideoUploaded, uuid.UUID, uuid.UUID], Awaitable[None]]


@pytest.fixture
def fulfil(parts: Any) -> Fulfil:
    """Hands the requests service's RequestFulfilled to evidence's real consumer."""
    consumer, subscribed = parts.consumers[0]
    assert topics.REQUESTS in subscribed

    async def send(upload: VideoUploaded, evidence_id: uuid.UUID, requester: uuid.UUID) -> None:
        export = upload.export
        event = RequestFulfilled(
            request_id=export.request_id,
            line_item_id=export.line_item_id,
            requester_org_id=export.requester_org_id,
            requester_user_id=requester,
            case_id=uuid.uuid4(),  # evidence goes by the item, not by what requests remembers
            evidence_id=evidence_id,
        )
        envelope = Envelope(type=event.type, source="requests")
        headers = {k: v.decode() for k, v in envelope.to_headers()}
        body = event.model_dump_json().encode()
        await consumer.handle(body, headers, topic=topics.REQUESTS, partition=0, offset=0, key=None)

    return send


def _md(org_id: uuid.UUID, role: str, user_id: uuid.UUID | None = None) -> list[tuple[str, str]]:
    principal = Principal(user_id=user_id or uuid.uuid4(), org_id=org_id, roles=frozenset({role}))
    return principal.to_metadata()


async def _ingest(store: Any, deliver: Any, org_id: uuid.UUID, permission: str) -> VideoUploaded:
    upload = staged_upload(store, VIDEO + uuid.uuid4().bytes, permission=permission)
    export = upload.export.model_copy(update={"requester_org_id": org_id})
    upload = upload.model_copy(update={"export": export})
    await deliver(upload)
    return upload


async def _item_of(stub: Any, upload: VideoUploaded, member: Any) -> Any:
    cases = (await stub.ListCases(evidence_pb2.ListCasesRequest(), metadata=member)).cases
    [case] = [c for c in cases if c.number == upload.export.case_number]
    listed = await stub.ListCaseEvidence(
        evidence_pb2.ListCaseEvidenceRequest(case_id=case.id), metadata=member
    )
    [item] = listed.items
    return case, item


async def _code(call: Any) -> grpc.StatusCode:
    """The status a call (unary or streaming) fails with."""
    with pytest.raises(grpc.aio.AioRpcError) as err:
        if hasattr(call, "__aiter__"):
            [_ async for _ in call]
        else:
            await call
    return err.value.code()


async def _bytes(call: Any) -> bytes:
    return b"".join([chunk.data async for chunk in call])


def _later() -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(datetime.now(UTC) + timedelta(days=1))
    return stamp


@pytest.fixture
async def world(
    stub: Any, store: Any, deliver: Any, fulfil: Fulfil, directory: FakeIdentity
) -> dict[str, Any]:
    """The inviting org with the guest's delivered item, another case of its own, and a case
    another org shared with the inviting org."""
    org, partner, guest = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    directory.orgs.add(str(org))
    member = _md(org, "investigator")
    mine = await _ingest(store, deliver, org, "download")
    other = await _ingest(store, deliver, org, "download")
    shared = await _ingest(store, deliver, partner, "download")
    mine_case, mine_item = await _item_of(stub, mine, member)
    other_case, other_item = await _item_of(stub, other, member)
    shared_case, _ = await _item_of(stub, shared, _md(partner, "investigator"))
    grant = evidence_pb2.CreateGrantRequest(
        object_type="case",
        object_id=shared_case.id,
        grantee_type="org",
        grantee_id=str(org),
        permission="download",
    )
    await stub.CreateGrant(grant, metadata=_md(partner, "org_admin"))
    return {
        "org": org,
        "guest": guest,
        "guest_md": _md(org, "guest", guest),
        "member": member,
        "mine": mine,
        "mine_case": mine_case,
        "mine_item": mine_item,
        "other_case": other_case,
        "other_item": other_item,
        "shared_case": shared_case,
    }


async def test_a_guest_reaches_nothing_until_its_request_is_fulfilled(
    stub: Any, world: dict[str, Any], fulfil: Fulfil
) -> None:
    md, item = world["guest_md"], world["mine_item"]
    get = evidence_pb2.GetEvidenceRequest(id=item.id)
    assert await _code(stub.GetEvidence(get, metadata=md)) == NOT_FOUND
    await fulfil(world["mine"], uuid.UUID(item.id), world["guest"])
    seen = await stub.GetEvidence(get, metadata=md)
    assert (seen.id, seen.permission) == (item.id, "download")
    download = evidence_pb2.DownloadEvidenceRequest(id=item.id)
    downloaded = await _bytes(stub.DownloadEvidence(download, metadata=md))
    assert hashlib.sha256(downloaded).hexdigest() == world["mine"].sha256
    stream = evidence_pb2.StreamEvidenceRequest(id=item.id, offset=0, length=100)
    assert await _bytes(stub.StreamEvidence(stream, metadata=md)) == VIDEO[:100]


async def test_a_guest_gets_not_found_for_the_rest_of_the_inviting_org(
    stub: Any, world: dict[str, Any], fulfil: Fulfil
) -> None:
    md = world["guest_md"]
    await fulfil(world["mine"], uuid.UUID(world["mine_item"].id), world["guest"])
    hidden_items = [world["other_item"].id]
    hidden_cases = [world["mine_case"].id, world["other_case"].id, world["shared_case"].id]
    for item_id in hidden_items:
        calls = [
            stub.GetEvidence(evidence_pb2.GetEvidenceRequest(id=item_id), metadata=md),
            stub.DownloadEvidence(evidence_pb2.DownloadEvidenceRequest(id=item_id), metadata=md),
            stub.StreamEvidence(evidence_pb2.StreamEvidenceRequest(id=item_id), metadata=md),
            stub.ListComments(evidence_pb2.ListCommentsRequest(evidence_id=item_id), metadata=md),
        ]
        assert [await _code(call) for call in calls] == [NOT_FOUND] * len(calls)
    for case_id in hidden_cases:
        calls = [
            stub.GetCase(evidence_pb2.GetCaseRequest(id=case_id), metadata=md),
            stub.ListCaseEvidence(
                evidence_pb2.ListCaseEvidenceRequest(case_id=case_id), metadata=md
            ),
        ]
        assert [await _code(call) for call in calls] == [NOT_FOUND] * len(calls)
    shared = await stub.ListCases(evidence_pb2.ListCasesRequest(shared=True), metadata=md)
    assert not shared.cases  # the partner shared with the org, not with its guests
    listing = stub.ListCases(evidence_pb2.ListCasesRequest(), metadata=md)
    assert await _code(listing) == DENIED


async def test_a_guest_changes_nothing_even_on_its_own_delivery(
    stub: Any, world: dict[str, Any], fulfil: Fulfil, outbox: Any
) -> None:
    md, item, case = world["guest_md"], world["mine_item"], world["mine_case"]
    await fulfil(world["mine"], uuid.UUID(item.id), world["guest"])
    before = len(await outbox("audit.record.v1"))
    not_found = [
        stub.CreateGrant(
            evidence_pb2.CreateGrantRequest(
                object_type="evidence",
                object_id=item.id,
                grantee_type="user",
                grantee_id=str(uuid.uuid4()),
                permission="view",
            ),
            metadata=md,
        ),
        stub.CreateShareLink(
            evidence_pb2.CreateShareLinkRequest(
                object_type="evidence", object_id=item.id, permission="view", expires_at=_later()
            ),
            metadata=md,
        ),
        stub.CreateFileRequest(
            evidence_pb2.CreateFileRequestRequest(
                case_id=case.id, title="t", expires_at=_later(), max_files=1
            ),
            metadata=md,
        ),
        stub.DeleteEvidence(evidence_pb2.DeleteEvidenceRequest(id=item.id), metadata=md),
        stub.RequestRedaction(
            evidence_pb2.RequestRedactionRequest(evidence_id=item.id), metadata=md
        ),
        stub.UpdateEvidence(
            evidence_pb2.UpdateEvidenceRequest(id=item.id, update_mask=["tags"], tags=["x"]),
            metadata=md,
        ),
        stub.SetLegalHold(
            evidence_pb2.SetLegalHoldRequest(object_type="evidence", id=item.id, on=True),
            metadata=md,
        ),
        stub.AddEvidenceToCase(
            evidence_pb2.AddEvidenceToCaseRequest(evidence_id=item.id, case_id=case.id),
            metadata=md,
        ),
        stub.ListGrants(
            evidence_pb2.ListGrantsRequest(object_type="evidence", object_id=item.id),
            metadata=md,
        ),
    ]
    assert [await _code(call) for call in not_found] == [NOT_FOUND] * len(not_found)
    denied = [
        stub.CreateCase(evidence_pb2.CreateCaseRequest(), metadata=md),
        stub.SetRetentionPolicy(
            evidence_pb2.SetRetentionPolicyRequest(category="x", days=1), metadata=md
        ),
        stub.ListRetentionPolicies(evidence_pb2.ListRetentionPoliciesRequest(), metadata=md),
    ]
    assert [await _code(call) for call in denied] == [DENIED] * len(denied)
    assert len(await outbox("audit.record.v1")) == before  # nothing changed


async def test_a_view_only_delivery_streams_but_does_not_download(
    stub: Any, store: Any, deliver: Any, fulfil: Fulfil
) -> None:
    org, guest = uuid.uuid4(), uuid.uuid4()
    upload = await _ingest(store, deliver, org, "view")
    _, item = await _item_of(stub, upload, _md(org, "investigator"))
    await fulfil(upload, uuid.UUID(item.id), guest)
    md = _md(org, "guest", guest)
    seen = await stub.GetEvidence(evidence_pb2.GetEvidenceRequest(id=item.id), metadata=md)
    assert seen.permission == "view"
    stream = evidence_pb2.StreamEvidenceRequest(id=item.id, offset=0, length=10)
    assert await _bytes(stub.StreamEvidence(stream, metadata=md)) == VIDEO[:10]
    download = stub.DownloadEvidence(evidence_pb2.DownloadEvidenceRequest(id=item.id), metadata=md)
    assert await _code(download) == DENIED


async def test_the_requester_grant_is_made_once_and_announced(
    stub: Any, world: dict[str, Any], fulfil: Fulfil, outbox: Any
) -> None:
    item = world["mine_item"]
    await fulfil(world["mine"], uuid.UUID(item.id), world["guest"])
    await fulfil(world["mine"], uuid.UUID(item.id), world["guest"])  # redelivered
    grants = await stub.ListGrants(
        evidence_pb2.ListGrantsRequest(object_type="evidence", object_id=item.id),
        metadata=world["member"],
    )
    [grant] = grants.grants
    assert (grant.grantee_type, grant.grantee_id) == ("user", str(world["guest"]))
    assert grant.permission == "download"
    changes = [e for e in await outbox("evidence.access_changed.v1") if e["object_id"] == item.id]
    assert [(c["kind"], c["change"], c["grantee_id"]) for c in changes] == [
        ("grant", "created", str(world["guest"]))
    ]
    audit = [r for r in await outbox("audit.record.v1") if r.get("object_id") == item.id]
    assert [r["actor_type"] for r in audit if r["action"] == "evidence.shared"] == ["service"]


async def test_a_fulfilment_naming_another_request_grants_nothing(
    stub: Any, world: dict[str, Any], fulfil: Fulfil
) -> None:
    # the guest's request, but an item delivered for another request of the org
    await fulfil(world["mine"], uuid.UUID(world["other_item"].id), world["guest"])
    get = evidence_pb2.GetEvidenceRequest(id=world["other_item"].id)
    assert await _code(stub.GetEvidence(get, metadata=world["guest_md"])) == NOT_FOUND
