"""One stack for the modules that need settings the session's shared stack must not have
(decision 0053): a shrunk SLA clock (test_requests_workflow.py watches reminders and expiry
happen; on the shared stack the SLAs other tests set would expire under them) and OTLP export
to a receiver on 127.0.0.1 (test_tracing.py). Package-scoped: started once for both modules
and stopped after the last of them, instead of one stack per module."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ..conftest import running_stack
from ..otlp_receiver import OtlpReceiver

SLA_HOUR_SECONDS = 4  # an SLA of one hour expires after 4 s, with a reminder after 3 s


@pytest.fixture(scope="package")
def receiver() -> Iterator[OtlpReceiver]:
    with OtlpReceiver() as running:
        yield running


@pytest.fixture(scope="package")
def stack(receiver: OtlpReceiver) -> Iterator[dict[str, Any]]:
    data_dir = Path(tempfile.mkdtemp(prefix="custody-tuned-"))
    env = {
        "SLA_HOUR_SECONDS": str(SLA_HOUR_SECONDS),
        "SLA_INTERVAL_SECONDS": "0.5",
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "200",  # export within a fifth of a second, not five
        "NO_PROXY": "127.0.0.1,localhost",
    }
    try:
        with running_stack(data_dir, env) as document:
            yield document
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="package")
def gateway(stack: dict[str, Any]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack["gateway_url"], timeout=30.0) as client:
        yield client
