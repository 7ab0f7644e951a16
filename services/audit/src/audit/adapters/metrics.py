"""The audit service's own Prometheus metrics: how far the signed tree heads trail the ledger."""

from __future__ import annotations

from prometheus_client import Gauge

LEDGER_ENTRIES = Gauge("custody_ledger_entries", "Entries in the custody ledger", ["service"])
SIGNED_ENTRIES = Gauge(
    "custody_ledger_signed_entries",
    "Ledger entries covered by the latest signed tree head",
    ["service"],
)
SIGNED_AT = Gauge(
    "custody_ledger_signed_tree_head_timestamp_seconds",
    "When the latest tree head was signed (Unix time)",
    ["service"],
)
