"""The idempotent consumer: effects and the (consumer, event id) record share one transaction.

Handlers are listed, not discovered: one map from event class to handler per consumer.
Unknown event types are skipped; a malformed message or one that keeps failing after
bounded retries goes to `<topic>.dlq` with the error in its headers, so the partition
never stalls. A BatchConsumer applies a whole polled batch in one transaction, for effects
that cost less per batch than per event (the ledger appends many records under one lock).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import structlog
from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.topics import dlq
from pydantic import TypeAdapter, ValidationError

from custody_platform.metrics import EVENTS_CONSUMED, EVENTS_DEAD_LETTERED, EVENTS_FAILED
from custody_platform.unit_of_work import UnitOfWork

log = structlog.get_logger()

Handler = Callable[[Any, UnitOfWork, Envelope], Awaitable[None]]
# Applies many events in the caller's one transaction. A handler that deduplicates by event id
# itself returns the ids it applied (see BatchConsumer's `dedupes_itself`); others return None.
BatchHandler = Callable[
    [UnitOfWork, Sequence[tuple[Any, Envelope]]], Awaitable[Collection[uuid.UUID] | None]
]


class DeadLetterPublisher(Protocol):
    async def publish(
        self, topic: str, key: str, value: bytes, headers: list[tuple[str, bytes]]
    ) -> None: ...


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]


class IdempotentConsumer:
    def __init__(
        self,
        *,
        name: str,
        service: str,
        handlers: Mapping[type[Event], Handler],
        uow_factory: Callable[[], UnitOfWork],
        dead_letters: DeadLetterPublisher,
        max_attempts: int = 3,
        backoff_seconds: float = 0.2,
    ) -> None:
        self.name = name
        self._service = service
        self._handlers = {cls.model_fields["type"].default: h for cls, h in handlers.items()}
        self._adapter: TypeAdapter[Any] = _union_adapter(list(handlers))
        self._uow_factory = uow_factory
        self._dead_letters = dead_letters
        self._max_attempts = max_attempts
        self._backoff = backoff_seconds

    @property
    def service(self) -> str:
        return self._service

    async def handle(self, value: bytes, headers: dict[str, str], **where: Any) -> None:
        record = Record(value=value, headers=headers, **where)
        parsed = await self._parse(record)
        if parsed is not None:
            await self._process(record, *parsed)

    async def _parse(self, record: Record) -> tuple[Envelope, Event] | None:
        """The envelope and event, or None when the record was skipped or dead-lettered."""
        headers = record.headers
        structlog.contextvars.bind_contextvars(
            event_id=headers.get("ce_id"), request_id=headers.get("x-request-id")
        )
        return await self._read(record)

    async def _read(self, record: Record) -> tuple[Envelope, Event] | None:
        headers = record.headers
        try:
            envelope = Envelope.from_headers(headers)
        except ValueError as exc:
            await self._dead_letter(record, exc, attempts=0)
            return None
        if envelope.type not in self._handlers:
            self._count(envelope.type, "skipped")
            return None
        try:
            event = self._adapter.validate_json(record.value)
        except ValidationError as exc:
            await self._dead_letter(record, exc, attempts=0)
            return None
        return envelope, event

    async def _process(self, record: Record, envelope: Envelope, event: Event) -> None:
        error: Exception | None = None
        for attempt in range(1, self._max_attempts + 1):
            try:
                outcome = await self._apply(envelope, event)
                self._count(envelope.type, outcome)
                return
            except Exception as exc:  # a handler bug or a transient fault: retry, then DLQ
                error = exc
                EVENTS_FAILED.labels(self._service, self.name, envelope.type).inc()
                log.warning("event handling failed", attempt=attempt, error=repr(exc))
                if attempt < self._max_attempts:
                    await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
        assert error is not None
        await self._dead_letter(record, error, attempts=self._max_attempts)

    async def _apply(self, envelope: Envelope, event: Event) -> str:
        async with self._uow_factory() as uow:
            if not await uow.claim(self.name, envelope.id):
                return "duplicate"
            await self._handlers[envelope.type](event, uow, envelope)
            await uow.commit()
        return "processed"

    async def _dead_letter(self, record: Record, error: Exception, *, attempts: int) -> None:
        headers = [(k, v.encode()) for k, v in record.headers.items()] + [
            ("x-error-type", type(error).__name__.encode()),
            ("x-error-message", str(error)[:2000].encode()),
            ("x-error-consumer", self.name.encode()),
            ("x-error-attempts", str(attempts).encode()),
            ("x-original-topic", record.topic.encode()),
            ("x-original-partition", str(record.partition).encode()),
            ("x-original-offset", str(record.offset).encode()),
        ]
        key = (record.key or b"").decode(errors="replace")
        await self._dead_letters.publish(dlq(record.topic), key, record.value, headers)
        EVENTS_DEAD_LETTERED.labels(self._service, record.topic).inc()
        self._count(record.headers.get("ce_type", "unknown"), "dead_lettered")
        log.error(
            "event dead-lettered",
            event_id=record.headers.get("ce_id"),  # a batch binds only its first event's id
            topic=record.topic,
            offset=record.offset,
            error=str(error),
        )

    def _count(self, event_type: str, outcome: str) -> None:
        EVENTS_CONSUMED.labels(self._service, self.name, event_type, outcome).inc()


class BatchConsumer(IdempotentConsumer):
    """One transaction per polled batch: claim every event id, apply the new events together.

    A batch that fails is replayed one event at a time, with the usual retries, so a poison
    event is dead-lettered alone and the rest are applied. With `dedupes_itself` the handler's
    own unique event ids (the ledger's) stand in for the claim: one insert fewer per batch, and
    the handler returns the ids it applied."""

    def __init__(
        self,
        *,
        events: Sequence[type[Event]],
        batch_handler: BatchHandler,
        dedupes_itself: bool = False,
        **kwargs: Any,
    ) -> None:
        async def one(event: Any, uow: UnitOfWork, envelope: Envelope) -> None:
            await batch_handler(uow, [(event, envelope)])

        super().__init__(handlers=dict.fromkeys(events, one), **kwargs)
        self._batch_handler = batch_handler
        self._dedupes_itself = dedupes_itself

    async def handle_batch(self, records: Sequence[Record]) -> None:
        ready: list[tuple[Record, Envelope, Event]] = []
        for record in records:  # the log context is bound once, for the batch, below
            parsed = await self._read(record)
            if parsed is not None:
                ready.append((record, *parsed))
        if not ready:
            return
        structlog.contextvars.bind_contextvars(
            event_id=str(ready[0][1].id), request_id=None, batch_size=len(ready)
        )
        try:
            await self._apply_batch([(envelope, event) for _, envelope, event in ready])
        except Exception as exc:
            EVENTS_FAILED.labels(self._service, self.name, "batch").inc()
            log.warning("batch failed, replaying one event at a time", error=repr(exc))
            for record, envelope, event in ready:
                structlog.contextvars.bind_contextvars(event_id=str(envelope.id))
                await self._process(record, envelope, event)
        finally:
            structlog.contextvars.unbind_contextvars("batch_size")

    async def _apply_batch(self, items: Sequence[tuple[Envelope, Event]]) -> None:
        async with self._uow_factory() as uow:
            ids = [envelope.id for envelope, _ in items]
            fresh = set(ids) if self._dedupes_itself else await uow.claim_many(self.name, ids)
            # A redelivery can put one event twice in a batch: apply it once.
            new = {
                envelope.id: (event, envelope) for envelope, event in items if envelope.id in fresh
            }
            applied = await self._batch_handler(uow, list(new.values())) if new else None
            await uow.commit()
        done = set(applied or ()) if self._dedupes_itself else set(new)
        for envelope, _ in items:  # an event twice in the batch: processed once, then duplicate
            outcome = "processed" if envelope.id in done else "duplicate"
            done.discard(envelope.id)
            self._count(envelope.type, outcome)


def _union_adapter(classes: list[type[Event]]) -> TypeAdapter[Any]:
    """A discriminated union on `type` of exactly the events this consumer handles."""
    from typing import Annotated, Union

    from pydantic import Field

    if len(classes) == 1:
        return TypeAdapter(classes[0])
    union: Any = Annotated[Union[tuple(classes)], Field(discriminator="type")]  # noqa: UP007
    return TypeAdapter(union)
