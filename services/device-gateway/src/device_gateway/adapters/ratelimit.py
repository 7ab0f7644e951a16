"""Per-address sliding-window limit for public contributors, kept in this process: each
instance behind a load balancer counts on its own (a deliberate, documented looseness)."""

from __future__ import annotations

import time
from collections import OrderedDict, deque

MAX_ADDRESSES = 10_000


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, address: str, now: float | None = None) -> bool:
        """Counts one hit for `address`; False once it exceeds `limit` within the window."""
        now = time.monotonic() if now is None else now
        hits = self._hits.pop(address, None) or deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        allowed = len(hits) < self.limit
        if allowed:
            hits.append(now)
        self._hits[address] = hits
        while len(self._hits) > MAX_ADDRESSES:
            self._hits.popitem(last=False)
        return allowed
