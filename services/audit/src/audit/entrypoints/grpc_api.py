"""The Audit gRPC servicer: thin mappings onto the ledger's use cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
from custody_contracts.grpc import audit_pb2, audit_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid
from custody_platform.unit_of_work import UnitOfWork

from audit.domain.entries import page_size
from audit.entrypoints.builder import DisclosureBuilder
from audit.entrypoints.grpc_disclosures import DisclosureMethods
from audit.entrypoints.mappers import entry_message, head_message, key_message, record_query
from audit.service_layer import proofs, signing_keys, tree_heads
from audit.service_layer.ledger import list_records
from audit.service_layer.packaging import Packager

Context = grpc.aio.ServicerContext[Any, Any]


class LedgerServicer(DisclosureMethods, audit_pb2_grpc.AuditServicer):
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        packager: Packager,
        builder: DisclosureBuilder,
    ) -> None:
        self._uow = uow_factory
        self._packager = packager
        self._builder = builder
        self._key = packager.key

    async def ListRecords(self, request: Any, context: Context) -> audit_pb2.ListRecordsResponse:
        async with self._uow() as uow:
            query = record_query(request)
            entries = await list_records(uow, current_principal(), query, request.limit)
            more = entries and len(entries) == page_size(request.limit)
            return audit_pb2.ListRecordsResponse(
                entries=[entry_message(e) for e in entries],
                next_start_index=entries[-1].idx + 1 if more else 0,
            )

    async def GetInclusionProof(self, request: Any, context: Context) -> audit_pb2.InclusionProof:
        event_id = parse_uuid(request.event_id, "event_id")
        async with self._uow() as uow:
            found = await proofs.inclusion_proof(
                uow, current_principal(), event_id, request.tree_head_id
            )
            return audit_pb2.InclusionProof(
                entry=entry_message(found.entry),
                tree_head=head_message(found.head),
                audit_path=[h.hex() for h in found.path],
            )

    async def GetConsistencyProof(
        self, request: Any, context: Context
    ) -> audit_pb2.ConsistencyProof:
        current_principal()  # heads and proofs reveal no records, but only to callers
        async with self._uow() as uow:
            found = await proofs.consistency_proof(
                uow, request.from_tree_head_id, request.to_tree_head_id
            )
            return audit_pb2.ConsistencyProof(
                from_head=head_message(found.old),
                to_head=head_message(found.new),
                proof=[h.hex() for h in found.proof],
            )

    async def GetLatestTreeHead(self, request: Any, context: Context) -> audit_pb2.TreeHead:
        principal = current_principal()
        async with self._uow() as uow:
            return head_message(await tree_heads.latest_tree_head(uow, principal))

    async def SignTreeHead(self, request: Any, context: Context) -> audit_pb2.TreeHead:
        principal = current_principal()
        async with self._uow() as uow:
            head = await tree_heads.sign_on_demand(uow, principal, self._key.current())
            await uow.commit()
            return head_message(head)

    async def GetPublicKey(self, request: Any, context: Context) -> audit_pb2.PublicKey:
        async with self._uow() as uow:
            keys = await signing_keys.published_keys(uow, self._key.current())
        return key_message(keys[-1])

    async def ListPublicKeys(
        self, request: Any, context: Context
    ) -> audit_pb2.ListPublicKeysResponse:
        async with self._uow() as uow:
            keys = await signing_keys.published_keys(uow, self._key.current())
        return audit_pb2.ListPublicKeysResponse(keys=[key_message(k) for k in keys])
