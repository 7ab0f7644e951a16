"""The redaction service's own Prometheus metrics (the platform's are in custody_platform)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

QUEUE_WAIT = Histogram(
    "custody_redaction_queue_wait_seconds",
    "Time a job waited in the queue before a worker started it",
    ["service"],
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200),
)
QUEUE_OLDEST = Gauge(
    "custody_redaction_queue_oldest_seconds",
    "How long the oldest job still queued has waited (0 when none waits)",
    ["service"],
)
FRAMES = Counter(
    "custody_redaction_frames_total",
    "Video frames the pipeline analysed or rendered; its rate is frames per second",
    ["service", "step"],
)

# Exported at 0 from the start: an idle or stalled pipeline shows 0 frames/s, not nothing,
# and the first job's wait counts in rate().
for _step in ("analyse", "render"):
    FRAMES.labels("redaction", _step)
QUEUE_WAIT.labels("redaction")
