"""Channels to other services, with principal, request id, deadline and latency attached.

    clients = GrpcClient()                      # built once, in bootstrap
    identity = IdentityStub(clients.channel(settings.gateway_grpc))
    with domain_errors():                       # AioRpcError -> NotFound, Conflict, ...
        user = await identity.GetUser(GetUserRequest(id=user_id))

The principal is, in order: ``metadata=call_metadata(principal)`` passed explicitly, the
principal of the RPC or request being served (context variable), ``GrpcClient(principal=)``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import grpc
from custody_contracts.principal import METADATA_REQUEST_ID, METADATA_USER, Principal

from custody_platform.grpc.calls import CallObserver, StreamDefaults, UnaryDefaults
from custody_platform.grpc.context import current_request_id, optional_principal
from custody_platform.grpc.errors import raise_domain_error

DEFAULT_UNARY_TIMEOUT = 10.0
DEFAULT_STREAM_TIMEOUT = 300.0


def call_metadata(principal: Principal | None = None) -> list[tuple[str, str]]:
    """Metadata for one call: ``principal`` (else the current one) and the request id."""
    principal = principal or optional_principal()
    metadata = principal.to_metadata() if principal else []
    if request_id := current_request_id():
        metadata.append((METADATA_REQUEST_ID, request_id))
    return metadata


class GrpcClient:
    """Insecure channels cached per target, all sharing the same interceptors."""

    def __init__(
        self,
        *,
        principal: Principal | None = None,
        unary_timeout: float = DEFAULT_UNARY_TIMEOUT,
        stream_timeout: float = DEFAULT_STREAM_TIMEOUT,
        options: Sequence[tuple[str, Any]] = (),
    ) -> None:
        self._fallback = principal
        self._unary_timeout = unary_timeout
        self._stream_timeout = stream_timeout
        self._options = list(options)
        self._channels: dict[str, grpc.aio.Channel] = {}
        self._observer = CallObserver()

    def channel(self, target: str) -> grpc.aio.Channel:
        """The channel to ``target`` ("host:port"); call from inside the running event loop."""
        if target not in self._channels:
            self._channels[target] = grpc.aio.insecure_channel(
                target, options=self._options, interceptors=self._interceptors()
            )
        return self._channels[target]

    async def close(self, grace: float | None = None) -> None:
        channels, self._channels = list(self._channels.values()), {}
        await asyncio.gather(*(channel.close(grace) for channel in channels))
        await self._observer.drain()

    async def __aenter__(self) -> GrpcClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def _metadata(self, existing: grpc.aio.Metadata) -> list[tuple[str, str]]:
        """What a call lacks: explicit metadata wins over the context and the fallback."""
        added: list[tuple[str, str]] = []
        if METADATA_USER not in existing:
            principal = optional_principal() or self._fallback
            added += principal.to_metadata() if principal else []
        request_id = current_request_id()
        if request_id and METADATA_REQUEST_ID not in existing:
            added.append((METADATA_REQUEST_ID, request_id))
        return added

    def _interceptors(self) -> list[grpc.aio.ClientInterceptor]:
        return [
            UnaryDefaults(self._metadata, self._unary_timeout, self._observer),
            StreamDefaults(self._metadata, self._stream_timeout, self._observer),
        ]


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn RPC errors inside the block into DomainErrors (see :func:`raise_domain_error`)."""
    try:
        yield
    except grpc.aio.AioRpcError as err:
        raise_domain_error(err)


__all__ = ["GrpcClient", "call_metadata", "domain_errors", "raise_domain_error"]
