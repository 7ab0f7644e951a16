"""`python -m gateway.rotate_jwt_key`: a new access-token key (decision 0046), with the
gateway's own settings (DATABASE_URL, JWT_SECRET or JWT_SECRET_FILE, ACCESS_TOKEN_MINUTES,
JWT_KEY_REFRESH_SECONDS). The new key signs once every replica has read it (twice the refresh
interval from now); the key it replaces is accepted until its last tokens expire. Prints JSON;
exit status 0 done, 3 when the database cannot be reached. `custody admin rotate-jwt-key`
runs it."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime, timedelta

from custody_platform.db import make_engine, make_session_factory
from custody_platform.unit_of_work import UnitOfWork
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from gateway.adapters.jwt_keys import Sealer
from gateway.config import Settings
from gateway.service_layer.key_ring import Rotation, rotate


async def _rotate(settings: Settings) -> Rotation:
    secret = settings.jwt_secret.get_secret_value()
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        factory = make_session_factory(engine)
        async with UnitOfWork(factory, schema=settings.schema_name, service="gateway") as uow:
            done = await rotate(
                uow,
                Sealer(secret),
                secret,
                lifetime=timedelta(minutes=settings.access_token_minutes),
                propagation=timedelta(seconds=2 * settings.jwt_key_refresh_seconds),
                now=datetime.now(UTC),
            )
            await uow.commit()
            return done
    finally:
        await engine.dispose()


def main() -> int:
    try:
        done = asyncio.run(_rotate(Settings()))
    except (OSError, ValueError, ValidationError, SQLAlchemyError) as exc:
        print(json.dumps({"error": str(exc)}))
        return 3
    print(
        json.dumps(
            {
                "kid": done.kid,
                "signs_from": done.signs_from.isoformat(),
                "previous_kid": done.previous_kid,
                "previous_retires_at": done.previous_retires_at.isoformat(),
                "retired": done.retired,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
