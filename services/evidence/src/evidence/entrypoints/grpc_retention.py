"""Retention RPCs: legal hold, soft delete and restore, and per-category retention policies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid

from evidence.entrypoints.deps import Context, EvidenceRpcs
from evidence.entrypoints.mappers import own_item_message
from evidence.service_layer import retention


class RetentionRpcs(EvidenceRpcs):
    async def SetLegalHold(self, request: Any, context: Context) -> evidence_pb2.LegalHoldState:
        target = (request.object_type, parse_uuid(request.id, "id"))
        async with self._uow() as uow:
            await retention.set_legal_hold(
                uow, self._deps.store, current_principal(), target, request.on, request.reason
            )
            await uow.commit()
        return evidence_pb2.LegalHoldState(object_type=target[0], id=request.id, on=request.on)

    async def DeleteEvidence(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        item_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            item = await retention.delete_item(uow, current_principal(), item_id, request.reason)
            await uow.commit()
            return own_item_message(item)

    async def RestoreEvidence(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        item_id = parse_uuid(request.id, "id")
        window = timedelta(days=self._deps.restore_window_days)
        async with self._uow() as uow:
            item = await retention.restore_item(uow, current_principal(), item_id, window)
            await uow.commit()
            return own_item_message(item)

    async def SetRetentionPolicy(
        self, request: Any, context: Context
    ) -> evidence_pb2.RetentionPolicy:
        async with self._uow() as uow:
            await retention.set_policy(uow, current_principal(), request.category, request.days)
            await uow.commit()
        return evidence_pb2.RetentionPolicy(category=request.category.lower(), days=request.days)

    async def ListRetentionPolicies(
        self, request: Any, context: Context
    ) -> evidence_pb2.ListRetentionPoliciesResponse:
        async with self._uow() as uow:
            found = await retention.list_policies(uow, current_principal())
        policies = [evidence_pb2.RetentionPolicy(category=c, days=d) for c, d in found.items()]
        return evidence_pb2.ListRetentionPoliciesResponse(policies=policies)
