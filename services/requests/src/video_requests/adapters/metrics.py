"""The requests service's own Prometheus metrics (the platform's are in custody_platform)."""

from __future__ import annotations

from prometheus_client import Counter

SLA_BREACHES = Counter(
    "custody_request_sla_breaches_total",
    "Line items that reached their due date undecided and were expired by the SLA clock",
    ["service"],
)

SLA_BREACHES.labels("requests")  # exported at 0 from the start, so increase() sees the first
