"""The device gateway's own Prometheus metrics (the platform's are in custody_platform)."""

from __future__ import annotations

from prometheus_client import Counter

UPLOADS_ENDED = Counter(
    "custody_uploads_ended_total",
    "Uploads that ended, by how: completed, failed (sha256 mismatch, refused content, closed "
    "command or grant, lost bytes), terminated by the uploader, expired unfinished",
    ["service", "outcome"],
)

# Exported at 0 from the start, so increase() sees the first of each.
for _outcome in ("completed", "failed", "terminated", "expired"):
    UPLOADS_ENDED.labels("device-gateway", _outcome)
