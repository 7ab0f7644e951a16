"""The unit of work belongs to the entrypoint: entering it twice is a bug, said out loud."""

from __future__ import annotations

import uuid

import pytest
from custody_contracts.events.registry import CameraRetired
from custody_platform.unit_of_work import UnitOfWorkAlreadyOpen
from sqlalchemy import text

pytestmark = pytest.mark.integration


async def test_entering_an_open_unit_of_work_raises_and_keeps_its_events(
    uow_factory, engine, unique_schema: str
) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory()
    async with uow:
        uow.emit(CameraRetired(camera_id=uuid.uuid4(), org_id=uuid.uuid4()))
        session = uow.session
        with pytest.raises(UnitOfWorkAlreadyOpen):
            async with uow:
                pass
        assert uow.session is session  # the failed entry replaced nothing
        await uow.commit()
    async with engine.connect() as conn:
        rows = await conn.execute(text(f'SELECT count(*) FROM "{unique_schema}".outbox'))
        assert rows.scalar_one() == 1


async def test_a_closed_unit_of_work_can_be_opened_again(uow_factory) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory()
    async with uow:
        pass
    async with uow:
        assert (await uow.session.execute(text("SELECT 1"))).scalar_one() == 1
