"""Evidence item RPCs: read, describe, comment, file into a case, derived copies, thumbnails."""

from __future__ import annotations

import asyncio
from typing import Any

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.context import optional_principal
from custody_platform.grpc.fields import parse_uuid

from evidence.entrypoints.deps import Context, EvidenceRpcs
from evidence.entrypoints.mappers import (
    comment_message,
    derived_input,
    item_input,
    item_message,
    own_item_message,
)
from evidence.service_layer import cases, derived, evidence_commands, streaming
from evidence.service_layer.access import item_for_caller


class ItemRpcs(EvidenceRpcs):
    async def GetEvidence(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        evidence_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            view = await item_for_caller(
                uow, optional_principal(), evidence_id, request.share_token
            )
            message = item_message(view)
            verified = await streaming.last_verified(uow, view.item.sha256)
            if verified is not None:
                message.verified_at.FromDatetime(verified)
            return message

    async def UpdateEvidence(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        fields, item_id = item_input(request), parse_uuid(request.id, "id")
        async with self._uow() as uow:
            item = await evidence_commands.update_item(
                uow, current_principal(), item_id, fields, list(request.update_mask)
            )
            await uow.commit()
            return own_item_message(item)

    async def AddComment(self, request: Any, context: Context) -> evidence_pb2.EvidenceComment:
        item_id = parse_uuid(request.evidence_id, "evidence_id")
        async with self._uow() as uow:
            at_s = request.at_s if request.HasField("at_s") else None
            comment = await evidence_commands.add_comment(
                uow, current_principal(), item_id, request.body, at_s
            )
            await uow.commit()
            return comment_message(comment)

    async def ListComments(
        self, request: Any, context: Context
    ) -> evidence_pb2.ListCommentsResponse:
        item_id = parse_uuid(request.evidence_id, "evidence_id")
        async with self._uow() as uow:
            found = await evidence_commands.list_comments(uow, current_principal(), item_id)
            return evidence_pb2.ListCommentsResponse(comments=[comment_message(c) for c in found])

    async def AddEvidenceToCase(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        item_id = parse_uuid(request.evidence_id, "evidence_id")
        case_id = parse_uuid(request.case_id, "case_id")
        async with self._uow() as uow:
            item = await evidence_commands.add_to_case(uow, current_principal(), item_id, case_id)
            await uow.commit()
            return own_item_message(item)

    async def IngestDerived(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        copy = derived_input(request)
        async with self._uow() as uow:
            item = await derived.ingest_derived(uow, self._deps.store, current_principal(), copy)
            await uow.commit()
            return own_item_message(item)

    async def GetThumbnail(self, request: Any, context: Context) -> evidence_pb2.EvidenceThumbnail:
        item_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            key = await cases.thumbnail_key(uow, optional_principal(), item_id, request.share_token)
        jpeg = await asyncio.to_thread(self._deps.store.read_bytes, key)
        return evidence_pb2.EvidenceThumbnail(jpeg=jpeg)
