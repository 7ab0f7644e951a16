"""Evidence RPCs beyond cases and reads: metadata, derived items, thumbnails, retention,
sharing and file requests. Mixed into EvidenceServicer (grpc_api.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import grpc
from custody_contracts.grpc import evidence_pb2, evidence_pb2_grpc
from custody_platform.errors import NotFound
from custody_platform.grpc import current_principal
from custody_platform.grpc.context import optional_principal

from evidence.adapters import repository
from evidence.domain.access import member_org
from evidence.entrypoints.mappers import (
    case_message,
    comment_message,
    file_request_message,
    grant_message,
    item_message,
    link_message,
    optional_id,
    parse_id,
    public_request_message,
    read_time,
)
from evidence.service_layer import (
    evidence_commands,
    file_requests,
    retention,
    sharing,
)
from evidence.service_layer.access import ItemAccess, item_for_caller

if TYPE_CHECKING:
    from evidence.entrypoints.grpc_api import EvidenceDeps

Context = grpc.aio.ServicerContext[Any, Any]


def _owner(item: Any) -> ItemAccess:
    return ItemAccess(item, "owner")


class MoreEvidenceRpcs(evidence_pb2_grpc.EvidenceServicer):
    _deps: EvidenceDeps

    async def UpdateEvidence(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        fields = evidence_commands.ItemInput(
            description=request.description,
            categories=list(request.categories),
            tags=list(request.tags),
            capture_start=read_time(request, "capture_start"),
            capture_end=read_time(request, "capture_end"),
            latitude=request.latitude if request.HasField("latitude") else None,
            longitude=request.longitude if request.HasField("longitude") else None,
            device_id=optional_id(request.device_id, "device_id"),
            camera_id=optional_id(request.camera_id, "camera_id"),
        )
        item_id = parse_id(request.id, "id")
        async with self._deps.uow() as uow:
            item = await evidence_commands.update_item(
                uow, current_principal(), item_id, fields, list(request.update_mask)
            )
            return item_message(_owner(item))

    async def AddComment(self, request: Any, context: Context) -> evidence_pb2.EvidenceComment:
        item_id = parse_id(request.evidence_id, "evidence_id")
        async with self._deps.uow() as uow:
            comment = await evidence_commands.add_comment(
                uow, current_principal(), item_id, request.body
            )
            return comment_message(comment)

    async def ListComments(
        self, request: Any, context: Context
    ) -> evidence_pb2.ListCommentsResponse:
        item_id = parse_id(request.evidence_id, "evidence_id")
        async with self._deps.uow() as uow:
            found = await evidence_commands.list_comments(uow, current_principal(), item_id)
            return evidence_pb2.ListCommentsResponse(comments=[comment_message(c) for c in found])

    async def AddEvidenceToCase(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        item_id = parse_id(request.evidence_id, "evidence_id")
        case_id = parse_id(request.case_id, "case_id")
        async with self._deps.uow() as uow:
            item = await evidence_commands.add_to_case(uow, current_principal(), item_id, case_id)
            return item_message(_owner(item))

    async def IngestDerived(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        derived = evidence_commands.DerivedInput(
            original_id=parse_id(request.original_id, "original_id"),
            object_key=request.object_key,
            sha256=request.sha256,
            filename=request.filename,
            content_type=request.content_type,
            description=request.description,
            idempotency_key=request.idempotency_key,
        )
        async with self._deps.uow() as uow:
            item = await evidence_commands.ingest_derived(
                uow, self._deps.store, current_principal(), derived
            )
            return item_message(_owner(item))

    async def GetThumbnail(self, request: Any, context: Context) -> evidence_pb2.EvidenceThumbnail:
        item_id = parse_id(request.id, "id")
        async with self._deps.uow() as uow:
            found = await item_for_caller(uow, optional_principal(), item_id, request.share_token)
            key = found.item.thumbnail_key
        if key is None:
            raise NotFound("no thumbnail for this evidence (yet)")
        jpeg = await asyncio.to_thread(self._deps.store.read_bytes, key)
        return evidence_pb2.EvidenceThumbnail(jpeg=jpeg)

    async def SetLegalHold(self, request: Any, context: Context) -> evidence_pb2.LegalHoldState:
        target = (request.object_type, parse_id(request.id, "id"))
        async with self._deps.uow() as uow:
            await retention.set_legal_hold(
                uow, self._deps.store, current_principal(), target, request.on, request.reason
            )
        return evidence_pb2.LegalHoldState(object_type=target[0], id=request.id, on=request.on)

    async def DeleteEvidence(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        item_id = parse_id(request.id, "id")
        async with self._deps.uow() as uow:
            item = await retention.delete_item(uow, current_principal(), item_id, request.reason)
            return item_message(_owner(item))

    async def RestoreEvidence(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        item_id = parse_id(request.id, "id")
        window = timedelta(days=self._deps.restore_window_days)
        async with self._deps.uow() as uow:
            item = await retention.restore_item(uow, current_principal(), item_id, window)
            return item_message(_owner(item))

    async def SetRetentionPolicy(
        self, request: Any, context: Context
    ) -> evidence_pb2.RetentionPolicy:
        async with self._deps.uow() as uow:
            await retention.set_policy(uow, current_principal(), request.category, request.days)
        return evidence_pb2.RetentionPolicy(category=request.category.lower(), days=request.days)

    async def ListRetentionPolicies(
        self, request: Any, context: Context
    ) -> evidence_pb2.ListRetentionPoliciesResponse:
        async with self._deps.uow() as uow:
            org_id = member_org(current_principal())
            found = await repository.policies_of(uow.session, org_id)
        policies = [evidence_pb2.RetentionPolicy(category=c, days=d) for c, d in found.items()]
        return evidence_pb2.ListRetentionPoliciesResponse(policies=policies)

    async def CreateGrant(self, request: Any, context: Context) -> evidence_pb2.AccessGrant:
        target = (request.object_type, parse_id(request.object_id, "object_id"))
        grantee = (request.grantee_type, parse_id(request.grantee_id, "grantee_id"))
        async with self._deps.uow() as uow:
            grant = await sharing.create_grant(
                uow,
                current_principal(),
                target,
                grantee,
                request.permission,
                read_time(request, "expires_at"),
                request.source_address or None,
            )
            return grant_message(grant)

    async def ListGrants(self, request: Any, context: Context) -> evidence_pb2.ListGrantsResponse:
        object_id = parse_id(request.object_id, "object_id")
        async with self._deps.uow() as uow:
            found = await sharing.list_grants(
                uow, current_principal(), request.object_type, object_id
            )
            return evidence_pb2.ListGrantsResponse(grants=[grant_message(g) for g in found])

    async def RevokeGrant(self, request: Any, context: Context) -> evidence_pb2.AccessGrant:
        grant_id = parse_id(request.id, "id")
        async with self._deps.uow() as uow:
            grant = await sharing.revoke_grant(
                uow, current_principal(), grant_id, request.source_address or None
            )
            return grant_message(grant)

    async def CreateShareLink(
        self, request: Any, context: Context
    ) -> evidence_pb2.CreateShareLinkResponse:
        target = (request.object_type, parse_id(request.object_id, "object_id"))
        async with self._deps.uow() as uow:
            link, token = await sharing.create_share_link(
                uow,
                current_principal(),
                target,
                request.permission,
                read_time(request, "expires_at"),
                request.label,
                request.source_address or None,
            )
            return evidence_pb2.CreateShareLinkResponse(link=link_message(link), token=token)

    async def RevokeShareLink(self, request: Any, context: Context) -> evidence_pb2.ShareLink:
        link_id = parse_id(request.id, "id")
        async with self._deps.uow() as uow:
            link = await sharing.revoke_share_link(
                uow, current_principal(), link_id, request.source_address or None
            )
            return link_message(link)

    async def OpenShareLink(self, request: Any, context: Context) -> evidence_pb2.SharedContent:
        async with self._deps.uow() as uow:
            link, items = await sharing.open_share_link(
                uow, request.token, request.source_address or None
            )
            views = [item_message(ItemAccess(i, link.permission)) for i in items]  # type: ignore[arg-type]
            return evidence_pb2.SharedContent(link=link_message(link), items=views)

    async def CreateFileRequest(
        self, request: Any, context: Context
    ) -> evidence_pb2.CreateFileRequestResponse:
        new = file_requests.FileRequestInput(
            case_id=parse_id(request.case_id, "case_id"),
            title=request.title,
            instructions=request.instructions,
            consent_text=request.consent_text,
            expires_at=read_time(request, "expires_at"),
            max_files=request.max_files,
            max_bytes_per_file=request.max_bytes_per_file,
            max_total_bytes=request.max_total_bytes,
            allowed_media_types=list(request.allowed_media_types),
            ask_contributor=request.ask_contributor,
        )
        found, token = await file_requests.create_file_request(
            self._deps.uow,
            self._deps.grants,
            current_principal(),
            new,
            request.source_address or None,
        )
        return evidence_pb2.CreateFileRequestResponse(
            file_request=file_request_message(found), token=token
        )

    async def ListFileRequests(
        self, request: Any, context: Context
    ) -> evidence_pb2.ListFileRequestsResponse:
        case_id = parse_id(request.case_id, "case_id")
        async with self._deps.uow() as uow:
            found = await file_requests.list_file_requests(uow, current_principal(), case_id)
            messages = [file_request_message(r) for r in found]
            return evidence_pb2.ListFileRequestsResponse(file_requests=messages)

    async def RevokeFileRequest(self, request: Any, context: Context) -> evidence_pb2.FileRequest:
        request_id = parse_id(request.id, "id")
        found = await file_requests.revoke_file_request(
            self._deps.uow,
            self._deps.grants,
            current_principal(),
            request_id,
            request.source_address or None,
        )
        return file_request_message(found)

    async def GetPublicFileRequest(
        self, request: Any, context: Context
    ) -> evidence_pb2.PublicFileRequest:
        async with self._deps.uow() as uow:
            found = await file_requests.public_file_request(uow, request.token)
            return public_request_message(found)

    async def AuthorizeUpload(self, request: Any, context: Context) -> Any:
        case_id = parse_id(request.case_id, "case_id")
        async with self._deps.uow() as uow:
            await file_requests.authorize_upload(uow, current_principal(), case_id)
            case = await repository.case_by_id(uow.session, case_id)
            assert case is not None
            return case_message(case, "contribute")
