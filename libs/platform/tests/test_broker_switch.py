"""SIGUSR1/SIGUSR2 take the embedded mock broker down and up (the supervisor's bench control)."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from custody_platform.embedded.broker_switch import BrokerSwitch
from custody_platform.embedded.kafka import MockKafkaCluster


@pytest.fixture
def switch() -> Iterator[BrokerSwitch]:
    cluster = MockKafkaCluster(topics={"outage.test": 1})
    before = (signal.getsignal(signal.SIGUSR1), signal.getsignal(signal.SIGUSR2))
    switch = BrokerSwitch(cluster)
    switch.install()
    yield switch
    signal.signal(signal.SIGUSR1, before[0])
    signal.signal(signal.SIGUSR2, before[1])
    cluster.close()


async def _send(bootstrap: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    try:
        await asyncio.wait_for(producer.start(), 5)
        await asyncio.wait_for(producer.send_and_wait("outage.test", b"x"), 5)
    finally:
        await producer.stop()


def test_nothing_requested_applies_nothing(switch: BrokerSwitch) -> None:
    assert switch.apply() is None


def test_sigusr1_takes_the_broker_down_and_sigusr2_brings_it_back(switch: BrokerSwitch) -> None:
    assert isinstance(switch.cluster, MockKafkaCluster)
    bootstrap = switch.cluster.bootstrap_servers
    asyncio.run(_send(bootstrap))

    os.kill(os.getpid(), signal.SIGUSR1)
    assert switch.apply() == "broker down (signal)"
    with pytest.raises((KafkaError, TimeoutError, OSError)):
        asyncio.run(_send(bootstrap))

    os.kill(os.getpid(), signal.SIGUSR2)
    assert switch.apply() == "broker up (signal)"
    asyncio.run(_send(bootstrap))


def test_an_external_broker_is_not_switched() -> None:
    switch = BrokerSwitch(None)
    switch._on_signal(signal.SIGUSR1, None)
    assert switch.apply() == "broker down requested, but the broker is external: ignored"
