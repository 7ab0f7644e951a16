"""The idempotent consumer: effects and the (consumer, event id) record share one transaction.

Handlers are listed, not discovered: one map from event class to handler per consumer.
Unknown event types are skipped; a malformed message or one that keeps failing after
bounded retries goes to `<topic>.dlq` with the error in its headers, so the partition
never stalls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
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

    async def handle(self, value: bytes, headers: dict[str, str], **where: Any) -> None:
        record = Record(value=value, headers=headers, **where)
        structlog.contextvars.bind_contextvars(
            event_id=headers.get("ce_id"), request_id=headers.get("x-request-id")
        )
        try:
            envelope = Envelope.from_headers(headers)
        except ValueError as exc:
            return await self._dead_letter(record, exc, attempts=0)
        if envelope.type not in self._handlers:
            self._count(envelope.type, "skipped")
            return None
        try:
            event = self._adapter.validate_json(value)
        except ValidationError as exc:
            return await self._dead_letter(record, exc, attempts=0)
        await self._process(record, envelope, event)
        return None

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
        log.error("event dead-lettered", topic=record.topic, offset=record.offset, error=str(error))

    def _count(self, event_type: str, outcome: str) -> None:
        EVENTS_CONSUMED.labels(self._service, self.name, event_type, outcome).inc()


def _union_adapter(classes: list[type[Event]]) -> TypeAdapter[Any]:
    """A discriminated union on `type` of exactly the events this consumer handles."""
    from typing import Annotated, Union

    from pydantic import Field

    if len(classes) == 1:
        return TypeAdapter(classes[0])
    union: Any = Annotated[Union[tuple(classes)], Field(discriminator="type")]  # noqa: UP007
    return TypeAdapter(union)
