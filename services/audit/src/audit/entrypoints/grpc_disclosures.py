"""The disclosure methods of the Audit servicer (mixed into LedgerServicer)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
from custody_contracts.grpc import audit_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid
from custody_platform.unit_of_work import UnitOfWork

from audit.entrypoints.mappers import disclosure_message, disclosure_request
from audit.entrypoints.workers import package_disclosure
from audit.service_layer import disclosures
from audit.service_layer.packaging import Packager

Context = grpc.aio.ServicerContext[Any, Any]


class DisclosureMethods:
    _uow: Callable[[], UnitOfWork]
    _packager: Packager

    async def CreateDisclosure(self, request: Any, context: Context) -> audit_pb2.Disclosure:
        parsed = disclosure_request(request)
        source = request.source_address or None
        found, token = await package_disclosure(
            self._uow, self._packager, current_principal(), parsed, source
        )
        message = disclosure_message(found, None)
        message.acknowledgement_token = token
        return message

    async def GetDisclosure(self, request: Any, context: Context) -> audit_pb2.Disclosure:
        disclosure_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            found, ack = await disclosures.get_disclosure(uow, current_principal(), disclosure_id)
            return disclosure_message(found, ack)

    async def DownloadDisclosure(
        self, request: Any, context: Context
    ) -> AsyncIterator[audit_pb2.DisclosureChunk]:
        disclosure_id = parse_uuid(request.id, "id")
        source = request.source_address or None
        async with self._uow() as uow:
            found = await disclosures.record_download(
                uow, current_principal(), disclosure_id, source
            )
            await uow.commit()  # the download is on record before its first byte
        async for chunk in disclosures.read_package(self._packager.store, found):
            yield audit_pb2.DisclosureChunk(data=chunk)

    async def AcknowledgeDisclosure(self, request: Any, context: Context) -> audit_pb2.Disclosure:
        async with self._uow() as uow:
            found, ack = await disclosures.acknowledge(
                uow, request.token, request.name, request.source_address or None
            )
            await uow.commit()
            return disclosure_message(found, ack)
