"""The notifier's own Prometheus metrics (the platform's /metrics serves every registered
one)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

WEBHOOK_DELIVERIES = Counter(
    "custody_webhook_deliveries_total",
    "Webhook delivery attempts by outcome (delivered, retrying, failed)",
    ["outcome"],
)
WEBHOOK_LATENCY = Histogram(
    "custody_webhook_delivery_seconds",
    "Time from connecting to a webhook receiver to its answer",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
