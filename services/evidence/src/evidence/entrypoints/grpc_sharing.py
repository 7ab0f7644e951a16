"""Sharing RPCs: permission grants to users and organizations, and share links."""

from __future__ import annotations

from typing import Any

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid, read_time

from evidence.entrypoints.deps import Context, EvidenceRpcs
from evidence.entrypoints.mappers import grant_message, item_message, link_message
from evidence.service_layer import sharing
from evidence.service_layer.access import ItemAccess


class SharingRpcs(EvidenceRpcs):
    async def CreateGrant(self, request: Any, context: Context) -> evidence_pb2.AccessGrant:
        target = (request.object_type, parse_uuid(request.object_id, "object_id"))
        grantee = (request.grantee_type, parse_uuid(request.grantee_id, "grantee_id"))
        async with self._uow() as uow:
            grant = await sharing.create_grant(
                uow,
                current_principal(),
                target,
                grantee,
                request.permission,
                read_time(request, "expires_at"),
                request.source_address or None,
                self._deps.directory,
            )
            await uow.commit()
            return grant_message(grant)

    async def ListGrants(self, request: Any, context: Context) -> evidence_pb2.ListGrantsResponse:
        object_id = parse_uuid(request.object_id, "object_id")
        async with self._uow() as uow:
            found = await sharing.list_grants(
                uow, current_principal(), request.object_type, object_id
            )
            return evidence_pb2.ListGrantsResponse(grants=[grant_message(g) for g in found])

    async def RevokeGrant(self, request: Any, context: Context) -> evidence_pb2.AccessGrant:
        grant_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            grant = await sharing.revoke_grant(
                uow, current_principal(), grant_id, request.source_address or None
            )
            await uow.commit()
            return grant_message(grant)

    async def CreateShareLink(
        self, request: Any, context: Context
    ) -> evidence_pb2.CreateShareLinkResponse:
        target = (request.object_type, parse_uuid(request.object_id, "object_id"))
        async with self._uow() as uow:
            link, token = await sharing.create_share_link(
                uow,
                current_principal(),
                target,
                request.permission,
                read_time(request, "expires_at"),
                request.label,
                request.source_address or None,
            )
            await uow.commit()
            return evidence_pb2.CreateShareLinkResponse(link=link_message(link), token=token)

    async def RevokeShareLink(self, request: Any, context: Context) -> evidence_pb2.ShareLink:
        link_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            link = await sharing.revoke_share_link(
                uow, current_principal(), link_id, request.source_address or None
            )
            await uow.commit()
            return link_message(link)

    async def ListShareLinks(
        self, request: Any, context: Context
    ) -> evidence_pb2.ListShareLinksResponse:
        object_id = parse_uuid(request.object_id, "object_id")
        async with self._uow() as uow:
            found = await sharing.list_share_links(
                uow, current_principal(), request.object_type, object_id
            )
            return evidence_pb2.ListShareLinksResponse(links=[link_message(k) for k in found])

    async def OpenShareLink(self, request: Any, context: Context) -> evidence_pb2.SharedContent:
        async with self._uow() as uow:
            link, items = await sharing.open_share_link(
                uow, request.token, request.source_address or None
            )
            await uow.commit()
            views = [item_message(ItemAccess(i, link.permission)) for i in items]  # type: ignore[arg-type]
            return evidence_pb2.SharedContent(link=link_message(link), items=views)
