"""The disclosure methods of the Audit servicer (mixed into LedgerServicer)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
from custody_contracts.grpc import audit_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid
from custody_platform.unit_of_work import UnitOfWork

from audit.entrypoints.builder import DisclosureBuilder
from audit.entrypoints.mappers import disclosure_message, disclosure_request
from audit.service_layer import disclosures, packaging
from audit.service_layer.packaging import Packager

Context = grpc.aio.ServicerContext[Any, Any]


class DisclosureMethods:
    _uow: Callable[[], UnitOfWork]
    _packager: Packager
    _builder: DisclosureBuilder

    async def CreateDisclosure(self, request: Any, context: Context) -> audit_pb2.Disclosure:
        """Answers at once: the case and items are checked as evidence shows them to the
        caller, the build is recorded, and the background builder makes the package."""
        parsed = disclosure_request(request)
        principal = current_principal()
        build = await packaging.start(self._packager, principal, parsed)
        async with self._uow() as uow:
            source = request.source_address or None
            view = await disclosures.request_build(uow, principal, build, source)
            await uow.commit()
        self._builder.wake()
        message = disclosure_message(view)
        message.acknowledgement_token = build.token
        return message

    async def GetDisclosure(self, request: Any, context: Context) -> audit_pb2.Disclosure:
        disclosure_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            view = await disclosures.get_disclosure(uow, current_principal(), disclosure_id)
            return disclosure_message(view)

    async def ListDisclosures(
        self, request: Any, context: Context
    ) -> audit_pb2.ListDisclosuresResponse:
        case_id = parse_uuid(request.case_id, "case_id")
        principal = current_principal()
        await self._packager.evidence.case(case_id)  # the case is checked where it lives
        async with self._uow() as uow:
            views = await disclosures.list_disclosures(uow, principal, case_id)
            return audit_pb2.ListDisclosuresResponse(
                disclosures=[disclosure_message(v) for v in views]
            )

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

    async def LookupDisclosure(self, request: Any, context: Context) -> audit_pb2.Disclosure:
        async with self._uow() as uow:
            return disclosure_message(await disclosures.lookup(uow, request.token))

    async def AcknowledgeDisclosure(self, request: Any, context: Context) -> audit_pb2.Disclosure:
        async with self._uow() as uow:
            view = await disclosures.acknowledge(
                uow, request.token, request.name, request.source_address or None
            )
            await uow.commit()
            return disclosure_message(view)
