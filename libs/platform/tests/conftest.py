from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from aiokafka import AIOKafkaConsumer
from custody_platform.db import make_engine, make_session_factory
from custody_platform.outbox import platform_ddl
from custody_platform.unit_of_work import UnitOfWork
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


@pytest.fixture
async def engine(database_url: str, unique_schema: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url, pool_size=5)
    async with engine.begin() as conn:
        for ddl in platform_ddl(unique_schema):
            await conn.execute(text(ddl))
        await conn.execute(
            text(f'CREATE TABLE "{unique_schema}".effects (id SERIAL PRIMARY KEY, note TEXT)')
        )
    yield engine
    await engine.dispose()


@pytest.fixture
def uow_factory(engine: AsyncEngine, unique_schema: str):  # type: ignore[no-untyped-def]
    factory = make_session_factory(engine)
    return lambda: UnitOfWork(factory, schema=unique_schema, service="test")


async def read_topic(bootstrap: str, topic: str, expected: int, within: float = 15.0) -> list:  # type: ignore[type-arg]
    """Every record of a topic from the beginning, waiting until `expected` have arrived."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"reader-{uuid.uuid4().hex}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list = []  # type: ignore[type-arg]
    try:
        deadline = asyncio.get_running_loop().time() + within
        while len(records) < expected and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for messages in batch.values():
                records.extend(messages)
    finally:
        await consumer.stop()
    return records
