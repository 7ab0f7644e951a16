"""Which ledger entries a query asks for; a query must name at least one filter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from custody_platform.errors import InvalidArgument


@dataclass(frozen=True)
class RecordQuery:
    object_id: str = ""
    case_id: str = ""
    actor_id: str = ""
    since: datetime | None = None
    until: datetime | None = None
    start_index: int = 0

    def validate(self) -> RecordQuery:
        if not (self.object_id or self.case_id or self.actor_id or self.since or self.until):
            raise InvalidArgument("give at least one of object_id, case_id, actor_id, since, until")
        if self.since and self.until and self.since >= self.until:
            raise InvalidArgument("since must be before until")
        if self.start_index < 0:
            raise InvalidArgument("start_index must not be negative")
        return self
