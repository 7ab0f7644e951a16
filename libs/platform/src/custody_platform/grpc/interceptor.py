"""Server interceptor: call context, latency histogram and DomainError -> status mapping.

An onward call's refusal (not found, permission denied, invalid argument, failed
precondition, conflict) that a servicer lets through is answered as that refusal, not as an
internal error: the service called on its caller's behalf, so the refusal is the caller's.

It re-wraps the unary-unary and unary-stream behaviours of every handler (async
generators and ``context.write`` style both work). Client-streaming methods pass through
unwrapped, as does the health service (its Watch stream lives as long as the watcher).
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import grpc
import structlog

from custody_platform.errors import DomainError
from custody_platform.grpc.context import bind_from_metadata
from custody_platform.grpc.errors import domain_error_from, status_for, trailing_metadata_for
from custody_platform.grpc.metrics import GRPC_SERVER_LATENCY, split_method

log = structlog.get_logger(__name__)

Context = grpc.aio.ServicerContext[Any, Any]
INTERNAL_MESSAGE = "internal error"
_PASS_THROUGH_SERVICES = frozenset({"grpc.health.v1.Health"})
# Not UNAUTHENTICATED: an onward call that fails to authenticate is this service's fault.
_ONWARD_REFUSALS = frozenset(
    {
        grpc.StatusCode.NOT_FOUND,
        grpc.StatusCode.PERMISSION_DENIED,
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.FAILED_PRECONDITION,
        grpc.StatusCode.ABORTED,
    }
)


class ServerCallInterceptor(grpc.aio.ServerInterceptor):
    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        service, method = split_method(handler_call_details.method)
        if handler is None or service in _PASS_THROUGH_SERVICES:
            return handler
        if handler.unary_unary is not None:
            return grpc.unary_unary_rpc_method_handler(
                _wrap_unary(handler.unary_unary, service, method),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream is not None:
            return grpc.unary_stream_rpc_method_handler(
                _wrap_stream(handler.unary_stream, service, method),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return handler


def _wrap_unary(behavior: Callable[..., Any], service: str, method: str) -> Callable[..., Any]:
    async def unary(request: Any, context: Context) -> Any:
        async with _call_scope(context, service, method):
            result = behavior(request, context)
            return await result if inspect.isawaitable(result) else result

    return unary


def _wrap_stream(behavior: Callable[..., Any], service: str, method: str) -> Callable[..., Any]:
    if not inspect.isasyncgenfunction(behavior):

        async def writer(request: Any, context: Context) -> None:
            async with _call_scope(context, service, method):
                await behavior(request, context)

        return writer

    async def stream(request: Any, context: Context) -> AsyncIterator[Any]:
        async with _call_scope(context, service, method):
            async for response in behavior(request, context):
                yield response

    return stream


@asynccontextmanager
async def _call_scope(context: Context, service: str, method: str) -> AsyncIterator[None]:
    bind_from_metadata(context.invocation_metadata())
    structlog.contextvars.bind_contextvars(rpc=f"{service}/{method}")
    start = time.perf_counter()
    code = grpc.StatusCode.OK
    try:
        yield
        code = context.code() or grpc.StatusCode.OK  # a servicer may set_code without raising
    except BaseException as raised:
        exc = _refusal_of(raised)
        code = _code_for(exc, context)
        if isinstance(exc, DomainError):
            await context.abort(code, exc.message, trailing_metadata_for(exc))
        if not isinstance(exc, Exception) or isinstance(exc, grpc.aio.AbortError):
            raise
        log.exception("grpc.unhandled_error")
        await context.abort(grpc.StatusCode.INTERNAL, INTERNAL_MESSAGE)
    finally:
        GRPC_SERVER_LATENCY.labels(service, method, _name(code)).observe(
            time.perf_counter() - start
        )


def _refusal_of(exc: BaseException) -> BaseException:
    if isinstance(exc, grpc.aio.AioRpcError) and exc.code() in _ONWARD_REFUSALS:
        return domain_error_from(exc) or exc
    return exc


def _code_for(exc: BaseException, context: Context) -> grpc.StatusCode:
    if isinstance(exc, DomainError):
        return status_for(exc)
    if isinstance(exc, grpc.aio.AbortError):  # the servicer called context.abort itself
        return context.code() or grpc.StatusCode.UNKNOWN
    if isinstance(exc, asyncio.CancelledError | GeneratorExit):
        remaining = context.time_remaining()
        expired = remaining is not None and remaining <= 0
        return grpc.StatusCode.DEADLINE_EXCEEDED if expired else grpc.StatusCode.CANCELLED
    return grpc.StatusCode.INTERNAL if isinstance(exc, Exception) else grpc.StatusCode.UNKNOWN


def _name(code: Any) -> str:
    return code.name if isinstance(code, grpc.StatusCode) else str(code)
