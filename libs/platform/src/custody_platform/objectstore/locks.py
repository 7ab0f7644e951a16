"""Object lock: retention until a date (governance or compliance mode) and legal hold.

S3 enforces it server-side (Object Lock); the filesystem store keeps the same state beside
the object and enforces the same rules in software. Either way a locked object can be
neither deleted nor overwritten, and retention can be extended but never shortened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from .errors import ObjectStoreError

LockMode = Literal["governance", "compliance"]
LOCK_MODES = ("governance", "compliance")


class ObjectLocked(ObjectStoreError):
    """The object is under retention or legal hold: it cannot be deleted or replaced."""


@dataclass(frozen=True)
class ObjectLock:
    retain_until: datetime | None = None
    mode: LockMode | None = None
    legal_hold: bool = False

    def blocks_delete(self, now: datetime | None = None) -> bool:
        now = now or datetime.now(UTC)
        return self.legal_hold or (self.retain_until is not None and self.retain_until > now)

    def extended(self, until: datetime, mode: LockMode) -> ObjectLock:
        """This lock with retention moved to `until`; shortening raises ObjectLocked."""
        if mode not in LOCK_MODES:
            raise ValueError(f"lock mode must be one of {LOCK_MODES}")
        if until.tzinfo is None:
            raise ValueError("retain_until must be timezone-aware")
        if self.retain_until is not None and until < self.retain_until:
            raise ObjectLocked(f"retention cannot be shortened below {self.retain_until}")
        if self.mode == "compliance" and mode != "compliance":
            raise ObjectLocked("compliance retention cannot be changed to governance")
        return ObjectLock(until, mode, self.legal_hold)

    def with_hold(self, on: bool) -> ObjectLock:
        return ObjectLock(self.retain_until, self.mode, on)


def refuse_if_locked(key: str, lock: ObjectLock) -> None:
    if lock.blocks_delete():
        raise ObjectLocked(f"{key} is under retention or legal hold")
