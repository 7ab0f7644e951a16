"""The chain of custody as the pages show it: ledger records as a timeline (who, what, when,
the details and the event id), in either order and in pages, and the proofs the browser
checks itself (static/js/custody-verify.js; decision 0031)."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from web.domain.views import ApiModel

PAGE_SIZE = 50
# A trail is read whole (in ledger order) so it pages both ways; past this many records the
# page says the trail was cut short.
MAX_RECORDS = 5000
# The report carries every record's proof; past this many the report says what it left out.
MAX_REPORT_PROOFS = 500
ORDERS = ("newest", "oldest")
ACTION_LABELS = {
    "evidence.ingested": "Uploaded and ingested",
    "evidence.viewed": "Viewed",
    "evidence.downloaded": "Downloaded",
    "evidence.streamed": "Played",
    "upload.created": "Upload started",
    "upload.completed": "Upload completed",
    "case.created": "Case created",
    "case.updated": "Case changed",
}
HIDDEN_DETAILS = frozenset({"org_ids"})


class AuditRecord(ApiModel):
    index: int
    event_id: uuid.UUID
    service: str = ""
    actor_type: str = ""
    actor_id: str = ""
    acting_for: uuid.UUID | None = None  # a platform operator acting for it (decision 0048)
    action: str
    object_type: str = ""
    object_id: str = ""
    object_hash: str | None = None
    occurred_at: datetime | None = None
    source_address: str | None = None
    reason: str | None = None
    leaf_hash: str = ""
    details: dict[str, Any] = {}


class AuditRecords(ApiModel):
    items: list[AuditRecord]
    next_start_index: int | None = None


class TreeHead(ApiModel):
    id: int
    tree_size: int
    root_hash: str
    timestamp_ms: int
    key_id: str
    signature: str

    @property
    def signed_at(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp_ms / 1000, tz=UTC)


class InclusionProof(ApiModel):
    record: AuditRecord
    canonical: str
    tree_head: TreeHead
    audit_path: list[str]


class CustodyItem(ApiModel):
    """The evidence item a trail is about: what the report states about it."""

    id: uuid.UUID
    case_id: uuid.UUID
    filename: str
    content_type: str = ""
    size: int = 0
    sha256: str = ""
    created_at: datetime | None = None


class CustodyCase(ApiModel):
    id: uuid.UUID
    number: str
    title: str = ""


class LedgerKey(ApiModel):
    key_id: str
    algorithm: str
    public_key_pem: str


def action_label(action: str) -> str:
    """`evidence.downloaded` -> `Downloaded`; unknown actions read as words."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    words = action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "Unknown action"


def detail_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(detail_text(part) for part in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {detail_text(part)}" for key, part in value.items()) or "—"
    return "—" if value is None or value == "" else str(value)


@dataclass(frozen=True)
class TimelineEntry:
    record: AuditRecord
    who: str
    what: str
    details: list[tuple[str, str]]


def actor_name(record: AuditRecord, names: dict[str, str]) -> str:
    """A person's name from the directory where the caller sees it, else what the record says;
    a platform operator's, with the organization it acted for (names hold organizations' too)."""
    if record.actor_type == "user" and record.acting_for is not None:
        org = names.get(str(record.acting_for)) or f"organization {record.acting_for}"
        operator = names.get(record.actor_id) or f"User {record.actor_id}"
        return f"{operator} (platform operator) acting for {org}"
    if record.actor_type == "user":
        return names.get(record.actor_id) or f"User {record.actor_id}"
    if record.actor_type in ("service", "system"):
        return f"System ({record.service or record.actor_id})"
    if record.actor_type == "public":
        return "A member of the public (public upload link)"
    kind = record.actor_type.replace("_", " ").capitalize() or "Actor"
    return f"{kind} {record.actor_id}".strip()


def timeline_entry(record: AuditRecord, names: dict[str, str]) -> TimelineEntry:
    details = [
        (key.replace("_", " ").capitalize(), detail_text(value))
        for key, value in sorted(record.details.items())
        if key not in HIDDEN_DETAILS
    ]
    if record.object_hash:
        details.append(("Object SHA-256", record.object_hash))
    if record.reason:
        details.append(("Reason", record.reason))
    if record.source_address:
        details.append(("From address", record.source_address))
    return TimelineEntry(record, actor_name(record, names), action_label(record.action), details)


@dataclass(frozen=True)
class TrailPage:
    entries: list[TimelineEntry]
    order: str
    page: int
    pages: int
    total: int
    truncated: bool


def order_of(value: str | None) -> str:
    return value if value in ORDERS else "newest"


def page_of(value: str | None) -> int:
    try:
        return max(1, int(value or "1"))
    except ValueError:
        return 1


def trail_page(
    records: list[AuditRecord], names: dict[str, str], order: str, page: int, truncated: bool
) -> TrailPage:
    """One page of the trail in the order asked for; a page past the end shows the last."""
    ordered = sorted(records, key=lambda r: r.index, reverse=order == "newest")
    pages = max(1, math.ceil(len(ordered) / PAGE_SIZE))
    page = min(page, pages)
    shown = ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    entries = [timeline_entry(record, names) for record in shown]
    return TrailPage(entries, order, page, pages, len(ordered), truncated)


def signed_text(head: TreeHead) -> str:
    """The exact text the head's signature covers (the audit service's tree_heads.signed_text),
    printed in the report so it can be checked with any Ed25519 tool."""
    return (
        f'{{"key_id":"{head.key_id}","root_hash":"{head.root_hash}",'
        f'"timestamp_ms":{head.timestamp_ms},"tree_size":{head.tree_size}}}'
    )
