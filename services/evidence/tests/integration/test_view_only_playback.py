"""View-only playback on a real gRPC server (decision 0013): whoever may only view an item
(its own organization for a view-only delivery, a guest, a view grant, a share link) gets at
most one bounded slice per stream request, whatever range it asks for, and says so in the
call's initial metadata; nobody passes on download for a view-only item."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from custody_contracts import topics
from custody_contracts.envelope import Envelope
from custody_contracts.events.video_requests import RequestFulfilled
from custody_contracts.grpc import evidence_pb2
from custody_contracts.principal import Principal
from google.protobuf.timestamp_pb2 import Timestamp

from .conftest import VIEW_ONLY_RANGE_BYTES, FakeIdentity, staged_upload

pytestmark = pytest.mark.integration

BOUND = VIEW_ONLY_RANGE_BYTES
DATA = os.urandom(5 * BOUND + 1234)  # several bounds long
CONTENT_RANGE = "x-custody-content-range"


def _md(org_id: uuid.UUID, role: str = "investigator", user: uuid.UUID | None = None) -> Any:
    roles = frozenset({role})
    return Principal(user_id=user or uuid.uuid4(), org_id=org_id, roles=roles).to_metadata()


def _later() -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(datetime.now(UTC) + timedelta(days=1))
    return stamp


async def _stream(stub: Any, item_id: str, span: tuple[int, int], **who: Any) -> tuple[str, bytes]:
    """(the Content-Range the call announced, the bytes it sent)"""
    request = evidence_pb2.StreamEvidenceRequest(
        id=item_id, offset=span[0], length=span[1], share_token=who.get("token", "")
    )
    call = stub.StreamEvidence(request, metadata=who.get("md"))
    data = b"".join([chunk.data async for chunk in call])
    announced = dict(await call.initial_metadata())
    return announced.get(CONTENT_RANGE, ""), data


async def _delivered(stub: Any, store: Any, deliver: Any, permission: str) -> dict[str, Any]:
    """An item delivered for a request into its requester's case, approved as `permission`."""
    upload = staged_upload(store, DATA + uuid.uuid4().bytes, permission=permission)
    await deliver(upload)
    org = upload.export.requester_org_id
    member = _md(org)
    cases = (await stub.ListCases(evidence_pb2.ListCasesRequest(), metadata=member)).cases
    [case] = [c for c in cases if c.number == upload.export.case_number]
    listed = await stub.ListCaseEvidence(
        evidence_pb2.ListCaseEvidenceRequest(case_id=case.id), metadata=member
    )
    [item] = listed.items
    return {"upload": upload, "org": org, "member": member, "case": case, "item": item}


async def _link(stub: Any, found: dict[str, Any], object_type: str, permission: str) -> str:
    object_id = found["case"].id if object_type == "case" else found["item"].id
    request = evidence_pb2.CreateShareLinkRequest(
        object_type=object_type, object_id=object_id, permission=permission, expires_at=_later()
    )
    created = await stub.CreateShareLink(request, metadata=found["member"])
    return str(created.token)


async def test_a_view_only_holder_gets_one_bounded_slice_whatever_it_asks(
    stub: Any, store: Any, deliver: Any, outbox: Any
) -> None:
    found = await _delivered(stub, store, deliver, "view")
    item, size = found["item"], found["upload"].size
    original = DATA  # what every upload here begins with
    for span, first in (((0, 0), 0), ((0, size), 0), ((1000, 0), 1000), ((1000, 50 * BOUND), 1000)):
        announced, got = await _stream(stub, item.id, span, md=found["member"])
        assert got == original[first : first + BOUND], span
        assert announced == f"bytes {first}-{first + BOUND - 1}/{size}", span
    # A range within the bound is served as asked, and the end of the item as it is.
    announced, got = await _stream(stub, item.id, (10, 100), md=found["member"])
    assert (announced, got) == (f"bytes 10-109/{size}", original[10:110])
    announced, got = await _stream(stub, item.id, (size - 7, 0), md=found["member"])
    assert announced == f"bytes {size - 7}-{size - 1}/{size}" and len(got) == 7
    # Every slice is in the custody ledger with what was asked and what was sent.
    records = await outbox("audit.record.v1")
    views = [r for r in records if r["object_id"] == item.id and r["action"] == "evidence.streamed"]
    sent = [(v["details"]["offset"], v["details"]["length"]) for v in views]
    assert sent[:4] == [(0, BOUND), (0, BOUND), (1000, BOUND), (1000, BOUND)]
    assert [v["details"]["requested_length"] for v in views[:2]] == [size, size]
    assert {v["details"]["permission"] for v in views} == {"view"}


async def test_every_way_of_holding_a_view_only_item_is_bounded(
    stub: Any, store: Any, deliver: Any, parts: Any, directory: FakeIdentity
) -> None:
    found = await _delivered(stub, store, deliver, "view")
    item, org, size = found["item"], found["org"], found["upload"].size
    # A partner agency's investigator granted the whole case with download: still view only.
    partner_org = uuid.uuid4()
    partner = directory.add(partner_org)
    grant = evidence_pb2.CreateGrantRequest(
        object_type="case",
        object_id=found["case"].id,
        grantee_type="user",
        grantee_id=str(partner),
        permission="download",
    )
    await stub.CreateGrant(grant, metadata=found["member"])
    # The requester as a person (what a fulfilled request grants; a guest holds only this).
    requester = uuid.uuid4()
    await _fulfil(parts, found, requester)
    holders: dict[str, dict[str, Any]] = {
        "member": {"md": found["member"]},
        "partner": {"md": _md(partner_org, user=partner)},
        "guest": {"md": _md(org, "guest", requester)},
        "item link": {"token": await _link(stub, found, "evidence", "view")},
        "case link with download": {"token": await _link(stub, found, "case", "download")},
    }
    for name, who in holders.items():
        announced, got = await _stream(stub, item.id, (0, 0), **who)
        assert len(got) == BOUND and got == DATA[:BOUND], name
        assert announced == f"bytes 0-{BOUND - 1}/{size}", name
    download = evidence_pb2.DownloadEvidenceRequest(
        id=item.id, share_token=holders["case link with download"]["token"]
    )
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        [_ async for _ in stub.DownloadEvidence(download)]
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def _fulfil(parts: Any, found: dict[str, Any], requester: uuid.UUID) -> None:
    """The requests service's RequestFulfilled, handed to evidence's real consumer."""
    export = found["upload"].export
    event = RequestFulfilled(
        request_id=export.request_id,
        line_item_id=export.line_item_id,
        requester_org_id=export.requester_org_id,
        requester_user_id=requester,
        case_id=uuid.UUID(found["case"].id),
        evidence_id=uuid.UUID(found["item"].id),
    )
    consumer, _ = parts.consumers[0]
    headers = {k: v.decode() for k, v in Envelope(type=event.type, source="r").to_headers()}
    body = event.model_dump_json().encode()
    await consumer.handle(body, headers, topic=topics.REQUESTS, partition=0, offset=0, key=None)


async def test_download_holders_still_stream_the_whole_item(
    stub: Any, store: Any, deliver: Any
) -> None:
    found = await _delivered(stub, store, deliver, "download")
    item, size = found["item"], found["upload"].size
    announced, got = await _stream(stub, item.id, (0, 0), md=found["member"])
    assert (announced, len(got)) == (f"bytes 0-{size - 1}/{size}", size)
    token = await _link(stub, found, "evidence", "download")
    announced, got = await _stream(stub, item.id, (0, 0), token=token)
    assert (announced, len(got)) == (f"bytes 0-{size - 1}/{size}", size)
    # A view link on the same item is bounded: the link's permission, not the item's.
    token = await _link(stub, found, "evidence", "view")
    announced, got = await _stream(stub, item.id, (0, 0), token=token)
    assert (announced, len(got)) == (f"bytes 0-{BOUND - 1}/{size}", BOUND)


async def test_a_view_only_item_is_never_passed_on_with_download(
    stub: Any, store: Any, deliver: Any, outbox: Any, directory: FakeIdentity
) -> None:
    found = await _delivered(stub, store, deliver, "view")
    item, member = found["item"], found["member"]
    colleague = directory.add(uuid.uuid4())
    before = len(await outbox("evidence.access_changed.v1"))
    refused = [
        stub.CreateShareLink(
            evidence_pb2.CreateShareLinkRequest(
                object_type="evidence",
                object_id=item.id,
                permission="download",
                expires_at=_later(),
            ),
            metadata=member,
        ),
        stub.CreateGrant(
            evidence_pb2.CreateGrantRequest(
                object_type="evidence",
                object_id=item.id,
                grantee_type="user",
                grantee_id=str(colleague),
                permission="download",
            ),
            metadata=member,
        ),
    ]
    for call in refused:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await call
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
        assert "permission" in (err.value.details() or "")
    assert len(await outbox("evidence.access_changed.v1")) == before
    # Passing on what it holds is fine.
    view = evidence_pb2.CreateGrantRequest(
        object_type="evidence",
        object_id=item.id,
        grantee_type="user",
        grantee_id=str(colleague),
        permission="view",
    )
    assert (await stub.CreateGrant(view, metadata=member)).permission == "view"
    assert await _link(stub, found, "evidence", "view")
