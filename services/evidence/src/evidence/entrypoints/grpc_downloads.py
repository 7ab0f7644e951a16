"""The RPCs that hand out an original's bytes: whole downloads and verified range streams."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.context import optional_principal
from custody_platform.grpc.fields import parse_uuid

from evidence.entrypoints.deps import Context, EvidenceRpcs
from evidence.service_layer.download import EvidenceCorrupted, authorize_download, stream_download
from evidence.service_layer.streaming import authorize_stream, stream_range


class DownloadRpcs(EvidenceRpcs):
    async def DownloadEvidence(
        self, request: Any, context: Context
    ) -> AsyncIterator[evidence_pb2.EvidenceChunk]:
        evidence_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            download = await authorize_download(
                uow,
                optional_principal(),
                evidence_id,
                request.source_address or None,
                request.share_token,
            )
        try:
            chunks = stream_download(self._uow, self._deps.store, download, self._deps.chunk_size)
            async for data in chunks:
                yield evidence_pb2.EvidenceChunk(data=data)
        except EvidenceCorrupted:
            await context.abort(grpc.StatusCode.DATA_LOSS, "evidence failed its integrity check")

    async def StreamEvidence(
        self, request: Any, context: Context
    ) -> AsyncIterator[evidence_pb2.EvidenceChunk]:
        evidence_id = parse_uuid(request.id, "id")
        try:
            stream = await authorize_stream(
                self._uow,
                self._deps.store,
                (optional_principal(), request.share_token),
                evidence_id,
                (request.offset, request.length),
                request.source_address or None,
                self._deps.block_size,
            )
            async for data in stream_range(self._uow, self._deps.store, stream):
                yield evidence_pb2.EvidenceChunk(data=data)
        except EvidenceCorrupted:
            await context.abort(grpc.StatusCode.DATA_LOSS, "evidence failed its integrity check")
