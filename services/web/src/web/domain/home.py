"""What the home page counts for a person: only the counts that person's roles act on."""

from __future__ import annotations

from dataclasses import dataclass

from web.domain.request_views import Me

# Who asks devices for their video (the API's own rule for background-video requests).
OPERATOR_ROLES = frozenset({"org_admin", "investigator"})


@dataclass(frozen=True)
class HomeCounts:
    open_requests: int
    unread_notifications: int
    reviews_waiting: int | None = None  # None: not this person's work
    pending_transfers: int | None = None


def operates_devices(me: Me) -> bool:
    return bool(OPERATOR_ROLES & set(me.roles))
