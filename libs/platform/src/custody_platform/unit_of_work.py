"""The unit of work: one transaction for state, events and audit records.

The entrypoint (HTTP route, gRPC method, Kafka handler, worker) owns it: it opens the unit of
work, passes it to one service-layer function, and commits. The service layer changes state
through `uow.session`, raises events with `uow.emit` and records custody with `uow.audit`; it
never enters or commits the unit of work. `commit()` writes state, events and audit records to
the outbox atomically.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar

import structlog
from custody_contracts.envelope import Envelope, service_source
from custody_contracts.events import Event
from custody_contracts.events.audit import AuditRecord
from custody_contracts.principal import Principal
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from custody_platform.outbox import claim_event, claim_events, write_outbox
from custody_platform.tracing import event_trace_headers


@dataclass(frozen=True)
class Actor:
    """Who caused a change: a user, a device, a service reacting to an event, or the public."""

    type: Literal["user", "device", "service", "public"]
    id: str
    org_id: uuid.UUID | None = None
    source_address: str | None = None
    acting_for: uuid.UUID | None = None  # a platform operator acting for this organization

    @classmethod
    def of(cls, principal: Principal, source_address: str | None = None) -> Actor:
        acting_for = principal.org_id if principal.acting else None
        return cls("user", str(principal.user_id), principal.org_id, source_address, acting_for)

    @classmethod
    def service(cls, name: str) -> Actor:
        return cls("service", name)


class UnitOfWorkAlreadyOpen(RuntimeError):
    """Entering an open unit of work would drop its session, pending events and claims."""


class UnitOfWork:
    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, schema: str, service: str
    ) -> None:
        self._session_factory = session_factory
        self.schema = schema
        self.service = service
        self._pending: list[tuple[Event, str | None]] = []
        self._open = False

    async def __aenter__(self) -> UnitOfWork:
        if self._open:
            raise UnitOfWorkAlreadyOpen(
                "this unit of work is already open: the entrypoint owns it, so a service-layer "
                "function must use the one it is given and never enter it again"
            )
        self._open = True
        self.session = self._session_factory()
        self._pending = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.session.rollback()  # no-op after commit; discards everything on error
            await self.session.close()
        finally:
            self._open = False

    def emit(self, event: Event, *, subject: str | None = None) -> None:
        self._pending.append((event, subject))

    def audit(
        self,
        actor: Actor,
        action: str,
        *,
        object_type: str,
        object_id: Any,
        org_ids: tuple[uuid.UUID, ...] = (),
        object_hash: str | None = None,
        reason: str | None = None,
        **details: Any,
    ) -> None:
        record = AuditRecord(
            service=self.service,
            actor_type=actor.type,
            actor_id=actor.id,
            actor_org_id=actor.org_id,
            acting_for=actor.acting_for,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_hash=object_hash,
            org_ids=org_ids,
            occurred_at=datetime.now(UTC),
            source_address=actor.source_address,
            reason=reason,
            details=details,
        )
        self.emit(record, subject=f"{object_type}/{object_id}")

    async def claim(self, consumer: str, event_id: uuid.UUID) -> bool:
        """Mark an incoming event processed in this transaction; False if it already was."""
        return await claim_event(self.session, self.schema, consumer, event_id)

    async def claim_many(self, consumer: str, event_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        """Mark many incoming events processed; the ids that were not yet."""
        return await claim_events(self.session, self.schema, consumer, event_ids)

    async def commit(self) -> None:
        request_id = structlog.contextvars.get_contextvars().get("request_id")
        for event, subject in self._pending:
            # The context now, not the relay's when it publishes: the consumer continues this trace.
            trace_headers = event_trace_headers(event.topic)
            envelope = Envelope(
                type=event.type,
                source=service_source(self.service),
                subject=subject,
                request_id=request_id,
                traceparent=trace_headers.get("traceparent"),
                tracestate=trace_headers.get("tracestate"),
            )
            await write_outbox(self.session, self.schema, event, envelope)
        self._pending = []
        await self.session.commit()


P = ParamSpec("P")
T = TypeVar("T")


async def committed(
    uow_factory: Callable[[], UnitOfWork],
    use_case: Callable[Concatenate[UnitOfWork, P], Awaitable[T]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Runs one service-layer function as an entrypoint does: in a unit of work of its own,
    committed when the function returns. For workers' steps and tests; a route or gRPC method
    that maps rows inside the transaction writes the four lines out."""
    async with uow_factory() as uow:
        result = await use_case(uow, *args, **kwargs)
        await uow.commit()
    return result
