"""The RPCs that hand out an original's bytes: whole downloads and verified range streams.

Each commits its audit record before the first byte, then streams outside any transaction;
an original found altered or missing is recorded in a transaction of its own. A range stream
says which bytes it sends in its initial metadata (CONTENT_RANGE): a view-only holder may get
fewer than it asked for (decision 0013)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.context import optional_principal
from custody_platform.grpc.fields import parse_uuid

from evidence.entrypoints.deps import Context, EvidenceRpcs
from evidence.service_layer.download import (
    EvidenceCorrupted,
    authorize_download,
    record_integrity_failure,
    stream_download,
)
from evidence.service_layer.streaming import authorize_stream, record_verified, stream_range

# "bytes first-last/size" of what a StreamEvidence call sends, before its first chunk.
CONTENT_RANGE = "x-custody-content-range"


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
            await uow.commit()
        try:
            chunks = stream_download(self._deps.store, download, self._deps.chunk_size)
            async for data in chunks:
                yield evidence_pb2.EvidenceChunk(data=data)
        except EvidenceCorrupted as failure:
            await self._data_loss(failure, context)

    async def StreamEvidence(
        self, request: Any, context: Context
    ) -> AsyncIterator[evidence_pb2.EvidenceChunk]:
        evidence_id = parse_uuid(request.id, "id")
        caller = (optional_principal(), request.share_token)
        span = (request.offset, request.length)
        try:
            async with self._uow() as uow:
                stream = await authorize_stream(
                    uow,
                    self._deps.store,
                    caller,
                    evidence_id,
                    span,
                    request.source_address or None,
                    self._deps.stream_limits,
                )
                await uow.commit()
            await context.send_initial_metadata(((CONTENT_RANGE, stream.content_range),))
            async for data in stream_range(self._deps.store, stream):
                yield evidence_pb2.EvidenceChunk(data=data)
            async with self._uow() as uow:
                await record_verified(uow, stream)
                await uow.commit()
        except EvidenceCorrupted as failure:
            await self._data_loss(failure, context)

    async def _data_loss(self, failure: EvidenceCorrupted, context: Context) -> None:
        async with self._uow() as uow:
            record_integrity_failure(uow, failure)
            await uow.commit()
        await context.abort(grpc.StatusCode.DATA_LOSS, "evidence failed its integrity check")
