"""The only place that wires the redaction service: for now, the job intake consumer."""

from __future__ import annotations

from custody_contracts import topics
from custody_platform.runtime import ServiceParts, ServiceRuntime

from redaction.entrypoints.handlers import HANDLERS


def build(runtime: ServiceRuntime) -> ServiceParts:
    consumer = runtime.consumer("intake", HANDLERS)
    return ServiceParts(consumers=[(consumer, [topics.EVIDENCE])])
