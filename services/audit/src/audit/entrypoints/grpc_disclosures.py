"""The disclosure methods of the Audit servicer (mixed into LedgerServicer)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
from custody_contracts.grpc import audit_pb2
from custody_platform.grpc import current_principal

from audit.adapters.orm import Disclosure, DisclosureAcknowledgement
from audit.domain.disclosures import DisclosureRequest
from audit.entrypoints.messages import parse_uuid, timestamp
from audit.service_layer import disclosures
from audit.service_layer.disclosures import Packager

Context = grpc.aio.ServicerContext[Any, Any]


class DisclosureMethods:
    _packager: Packager

    async def CreateDisclosure(self, request: Any, context: Context) -> audit_pb2.Disclosure:
        parsed = DisclosureRequest.parse(
            request.case_id,
            list(request.evidence_ids),
            request.recipient_name,
            request.recipient_email,
            request.note,
        )
        source = request.source_address or None
        found, token = await disclosures.create_disclosure(
            self._packager, current_principal(), parsed, source
        )
        message = disclosure_message(found, None)
        message.acknowledgement_token = token
        return message

    async def GetDisclosure(self, request: Any, context: Context) -> audit_pb2.Disclosure:
        disclosure_id = parse_uuid(request.id, "id")
        async with self._packager.uow_factory() as uow:
            found, ack = await disclosures.get_disclosure(uow, current_principal(), disclosure_id)
            return disclosure_message(found, ack)

    async def DownloadDisclosure(
        self, request: Any, context: Context
    ) -> AsyncIterator[audit_pb2.DisclosureChunk]:
        disclosure_id = parse_uuid(request.id, "id")
        chunks = await disclosures.open_package(
            self._packager, current_principal(), disclosure_id, request.source_address or None
        )
        async for chunk in chunks:
            yield audit_pb2.DisclosureChunk(data=chunk)

    async def AcknowledgeDisclosure(self, request: Any, context: Context) -> audit_pb2.Disclosure:
        async with self._packager.uow_factory() as uow:
            found, ack = await disclosures.acknowledge(
                uow, request.token, request.name, request.source_address or None
            )
            return disclosure_message(found, ack)


def disclosure_message(
    found: Disclosure, ack: DisclosureAcknowledgement | None
) -> audit_pb2.Disclosure:
    return audit_pb2.Disclosure(
        id=str(found.id),
        case_id=str(found.case_id),
        org_id=str(found.org_id),
        evidence_ids=found.evidence_ids,
        recipient_name=found.recipient_name,
        recipient_email=found.recipient_email,
        size=found.size,
        sha256=found.sha256,
        tree_head_id=found.tree_head_id,
        created_at=timestamp(found.created_at),
        acknowledged_at=timestamp(ack.acknowledged_at) if ack else None,
        acknowledged_by=ack.name if ack else "",
    )
