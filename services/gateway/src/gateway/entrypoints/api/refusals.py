"""Every refusal of the API, audited in one place (decision 0018): an ASGI middleware sees
each answer's status as it starts, and for a 403 or 404 to a signed-in caller on a route that
names an object, commits an audit record before the answer goes out.

Plain ASGI, like the platform's HttpObserver: BaseHTTPMiddleware would pipe every streamed
download through memory. The signed-in principal is left on the request's state by
`deps.get_current_session`; the route (template and path parameters) is on the scope once
the router matched it.
"""

from __future__ import annotations

from collections.abc import Callable

import structlog
from custody_contracts.principal import Principal
from custody_platform.logging import get_logger
from custody_platform.unit_of_work import UnitOfWork
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.domain.refusals import REFUSED, Refusal, refusal_of
from gateway.service_layer.refusals import record_refusal

log = get_logger()
PRINCIPAL = "principal"  # the key on request.state (scope["state"])


class AuditRefusals:
    def __init__(
        self, app: ASGIApp, uow_factory: Callable[[], UnitOfWork], api_prefix: str
    ) -> None:
        self.app = app
        self._uow = uow_factory
        self._prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self._prefix + "/"):
            await self.app(scope, receive, send)
            return

        async def send_after_audit(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in REFUSED:
                await self._audit(scope, message["status"])
            await send(message)

        await self.app(scope, receive, send_after_audit)

    async def _audit(self, scope: Scope, status: int) -> None:
        principal = scope.get("state", {}).get(PRINCIPAL)
        route = scope.get("route")
        if not isinstance(principal, Principal) or route is None:
            return  # not signed in (401 came first), or no route matched
        refusal = refusal_of(
            scope["method"], self._template(route.path), scope.get("path_params", {}), status
        )
        if refusal is not None:
            await self._write(scope, principal, refusal)

    def _template(self, route_path: str) -> str:
        """The operation's path as the OpenAPI names it: FastAPI gives an included router's
        route its path inside the router."""
        return route_path if route_path.startswith(self._prefix) else self._prefix + route_path

    async def _write(self, scope: Scope, principal: Principal, refusal: Refusal) -> None:
        client = scope.get("client")
        request_id = structlog.contextvars.get_contextvars().get("request_id")
        try:
            async with self._uow() as uow:
                record_refusal(
                    uow,
                    principal,
                    refusal,
                    source_address=client[0] if client else None,
                    request_id=request_id,
                )
                await uow.commit()
        except Exception:  # the refusal is answered all the same; the gap is logged loudly
            log.exception("refusal_audit_failed", path=refusal.path, status=refusal.status)
