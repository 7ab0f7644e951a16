"""Client interceptors: metadata and a default deadline on every call, latency when done."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import grpc

from custody_platform.grpc.metrics import GRPC_CLIENT_LATENCY, split_method

MetadataFor = Callable[[grpc.aio.Metadata], list[tuple[str, str]]]


class CallObserver:
    """Records each call's latency and final code in the client histogram when it ends."""

    def __init__(self) -> None:
        self._pending: set[asyncio.Task[None]] = set()

    def watch(self, call: Any, method: str | bytes, start: float) -> None:
        service, name = split_method(method)
        loop = asyncio.get_running_loop()

        def done(finished: Any) -> None:
            elapsed = time.perf_counter() - start
            task = loop.create_task(_record(finished, service, name, elapsed))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

        call.add_done_callback(done)

    async def drain(self) -> None:
        await asyncio.gather(*self._pending, return_exceptions=True)


async def _record(call: Any, service: str, method: str, elapsed: float) -> None:
    try:
        code = (await call.code()).name
    except Exception:  # a call torn down with its channel has no status left to read
        code = "UNKNOWN"
    GRPC_CLIENT_LATENCY.labels(service, method, code).observe(elapsed)


class _Defaults:
    def __init__(self, metadata_for: MetadataFor, timeout: float, observer: CallObserver) -> None:
        self._metadata_for = metadata_for
        self._timeout = timeout
        self._observer = observer

    def _complete(self, details: grpc.aio.ClientCallDetails) -> grpc.aio.ClientCallDetails:
        metadata = grpc.aio.Metadata(*(details.metadata or ()))
        for key, value in self._metadata_for(metadata):
            metadata.add(key, value)
        timeout = self._timeout if details.timeout is None else details.timeout
        return grpc.aio.ClientCallDetails(
            details.method, timeout, metadata, details.credentials, details.wait_for_ready
        )


class UnaryDefaults(_Defaults, grpc.aio.UnaryUnaryClientInterceptor):
    async def intercept_unary_unary(
        self, continuation: Any, client_call_details: grpc.aio.ClientCallDetails, request: Any
    ) -> Any:
        start = time.perf_counter()
        details = self._complete(client_call_details)
        call = await continuation(details, request)
        self._observer.watch(call, details.method, start)
        return call


class StreamDefaults(_Defaults, grpc.aio.UnaryStreamClientInterceptor):
    async def intercept_unary_stream(
        self, continuation: Any, client_call_details: grpc.aio.ClientCallDetails, request: Any
    ) -> Any:
        start = time.perf_counter()
        details = self._complete(client_call_details)
        call = await continuation(details, request)
        self._observer.watch(call, details.method, start)
        return call
