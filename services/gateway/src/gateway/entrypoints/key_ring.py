"""The access-token key ring kept current in this replica: read again every
JWT_KEY_REFRESH_SECONDS, so a key rotated anywhere is known here before it signs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import structlog
from custody_platform.unit_of_work import UnitOfWork

from gateway.adapters.jwt_keys import Sealer
from gateway.config import Settings
from gateway.domain.tokens import TokenSigner
from gateway.service_layer.key_ring import ensure_ring, read_ring

log = structlog.get_logger(__name__)


async def first_ring(uow_factory: Callable[[], UnitOfWork], settings: Settings) -> TokenSigner:
    """Prestart: the ring, with its first key made if it has none."""
    secret = settings.jwt_secret.get_secret_value()
    async with uow_factory() as uow:
        ring = await ensure_ring(uow, Sealer(secret), secret, datetime.now(UTC))
        await uow.commit()
    log.info("jwt_key_ring.read", kids=[k.kid for k in ring.keys if k.kid])
    return TokenSigner(ring, timedelta(minutes=settings.access_token_minutes))


def ring_refresher(
    uow_factory: Callable[[], UnitOfWork], settings: Settings, signer: TokenSigner
) -> Callable[[asyncio.Event], Awaitable[None]]:
    secret = settings.jwt_secret.get_secret_value()
    sealer = Sealer(secret)

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), settings.jwt_key_refresh_seconds)
            try:  # a database hiccup keeps the ring read last
                async with uow_factory() as uow:
                    signer.use(await read_ring(uow, sealer, secret))
            except Exception as exc:
                log.warning("jwt key ring refresh failed", error=repr(exc))

    return run
