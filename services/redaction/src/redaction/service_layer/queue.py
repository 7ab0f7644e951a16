"""How long the queue keeps jobs waiting, for the operators' gauge."""

from __future__ import annotations

from datetime import UTC, datetime

from custody_platform.unit_of_work import UnitOfWork

from redaction.adapters import repository


async def oldest_wait(uow: UnitOfWork) -> float:
    """Seconds the oldest queued job has waited; 0 when none waits."""
    oldest = await repository.oldest_queued(uow.session)
    return 0.0 if oldest is None else max((datetime.now(UTC) - oldest).total_seconds(), 0.0)
