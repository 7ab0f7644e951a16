"""What the workflow bench reads back from the databases: the time each hop left in its rows,
and how many times each effect happened per request (lost: 0 where 1 was due; duplicated:
more than 1). Read-only SQL over every service's schema, as an operator would.

Hop timestamps: the request row (submitted), requests' outbox rows (ExportRequested at
approval, RequestFulfilled), the device gateway's command (queued, delivered) and upload
(created, completed), the evidence item (ingested), and the notifier's tray row and email
for the RequestFulfilled event (by its event id).
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import make_url
from workflow_fleet import Owner

SCHEMAS: tuple[str, ...] = ("gateway", "registry", "requests", "evidence", "redaction")
SCHEMAS += ("notifier", "device_gateway", "audit")
EXPORT, FULFILLED = "requests.export_requested.v1", "requests.request_fulfilled.v1"

# (name, from, to): the columns of one request's row (see Database.rows) a hop lies between.
HOPS = (
    ("approved -> command queued", "approved", "queued"),
    ("command queued -> delivered", "queued", "delivered"),
    ("delivered -> upload created", "delivered", "upload_created"),
    ("upload created -> completed", "upload_created", "upload_completed"),
    ("upload completed -> evidence", "upload_completed", "ingested"),
    ("evidence -> request fulfilled", "ingested", "fulfilled"),
    ("fulfilled -> tray notice", "fulfilled", "noticed"),
    ("fulfilled -> email sent", "fulfilled", "emailed"),
    ("submitted -> tray notice (total)", "submitted", "noticed"),
)

# Each effect is grouped by request once (hash joins): a lateral subquery per request over
# the unindexed outbox payloads made one read of 1,000 requests take over 10 s of a core.
ROWS = """
WITH
x AS (SELECT payload::jsonb->>'request_id' rid, count(*) n, min(created_at) at
  FROM requests.outbox WHERE event_type = %(export)s GROUP BY 1),
f AS (SELECT payload::jsonb->>'request_id' rid, count(*) n, min(created_at) at,
    min(event_id::text) event_id
  FROM requests.outbox WHERE event_type = %(fulfilled)s GROUP BY 1),
l AS (SELECT request_id, count(*) n, count(*) FILTER (WHERE status = 'fulfilled') done
  FROM requests.line_items GROUP BY 1),
c AS (SELECT request_id, count(*) n, min(created_at) queued, min(delivered_at) delivered
  FROM device_gateway.commands GROUP BY 1),
u AS (SELECT k.request_id, count(*) n, min(u.created_at) created, min(u.completed_at) completed
  FROM device_gateway.uploads u JOIN device_gateway.commands k ON k.id = u.command_id
  WHERE u.status = 'completed' GROUP BY 1),
e AS (SELECT request_id, count(*) n, min(created_at) at FROM evidence.evidence_items
  GROUP BY 1),
t AS (SELECT event_id::text event_id, count(*) n, min(created_at) at
  FROM notifier.in_app_notifications GROUP BY 1),
m AS (SELECT event_id::text event_id, count(*) n, min(sent_at) at FROM notifier.notifications
  WHERE to_address = %(email)s AND status = 'sent' GROUP BY 1)
SELECT r.id::text,
  r.created_at AS submitted,
  coalesce(l.n, 0) AS line_items, coalesce(l.done, 0) AS fulfilled_items,
  coalesce(x.n, 0) AS exports, x.at AS approved,
  coalesce(c.n, 0) AS commands, c.queued, c.delivered,
  coalesce(u.n, 0) AS uploads, u.created AS upload_created, u.completed AS upload_completed,
  coalesce(e.n, 0) AS evidence, e.at AS ingested,
  coalesce(f.n, 0) AS fulfilments, f.at AS fulfilled,
  coalesce(t.n, 0) AS notices, t.at AS noticed,
  coalesce(m.n, 0) AS emails, m.at AS emailed
FROM requests.video_requests r
LEFT JOIN l ON l.request_id = r.id
LEFT JOIN x ON x.rid = r.id::text
LEFT JOIN c ON c.request_id = r.id
LEFT JOIN u ON u.request_id = r.id
LEFT JOIN e ON e.request_id = r.id
LEFT JOIN f ON f.rid = r.id::text
LEFT JOIN t ON t.event_id = f.event_id
LEFT JOIN m ON m.event_id = f.event_id
WHERE r.id = ANY(%(ids)s::uuid[])
"""

EFFECTS: tuple[str, ...] = (
    "line_items",
    "fulfilled_items",
    "exports",
    "commands",
    "uploads",
    "evidence",
)
EFFECTS += ("fulfilments", "notices", "emails")


class Database:
    def __init__(self, database_url: str, requester_email: str, request_ids: list[str]) -> None:
        dsn = make_url(database_url).set(drivername="postgresql")
        self._conn = psycopg.connect(dsn.render_as_string(hide_password=False), autocommit=True)
        self.email, self.ids = requester_email, request_ids

    def rows(self) -> list[dict[str, Any]]:
        params = {"export": EXPORT, "fulfilled": FULFILLED, "email": self.email, "ids": self.ids}
        with self._conn.cursor(row_factory=psycopg.rows.dict_row) as cursor:
            return list(cursor.execute(ROWS, params).fetchall())

    def unledgered_audit_records(self) -> int:
        """Audit records written to any service's outbox that the ledger does not hold."""
        union = " UNION ALL ".join(
            f"SELECT event_id FROM {schema}.outbox WHERE topic = 'audit.records'"
            for schema in SCHEMAS
        )
        sql = f"SELECT count(*) FROM ({union}) o WHERE o.event_id NOT IN "
        sql += "(SELECT event_id FROM audit.ledger_entries)"
        return int(self._scalar(sql))

    def ledger_entries_per_request(self) -> Counter[int]:
        """How many ledger entries name each request: {entries: requests having that many}."""
        sql = """SELECT count(e.idx) FROM unnest(%s::text[]) AS r(id)
            LEFT JOIN audit.ledger_entries e ON e.canonical LIKE '%%' || r.id || '%%'
            GROUP BY r.id"""
        return Counter(int(n) for (n,) in self._conn.execute(sql, [self.ids]).fetchall())

    def _scalar(self, sql: str) -> Any:
        row = self._conn.execute(sql).fetchone()
        assert row is not None
        return row[0]

    def close(self) -> None:
        self._conn.close()


def wait_done(db: Database, timeout: float) -> bool:
    """Until every request's requester has its tray notice and email and the ledger holds
    every audit record; False when `timeout` ran out first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = db.rows()
        told = sum(1 for r in rows if r["notices"] and r["emails"])
        if told == len(db.ids) and db.unledgered_audit_records() == 0:
            return True
        time.sleep(1.0)
    return False


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if len(ordered) < 2:
        only = round(ordered[0], 1) if ordered else 0.0
        return {"n": len(ordered), "p50_ms": only, "p95_ms": only, "p99_ms": only}
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
        "max_ms": round(ordered[-1], 1),
    }


def _lag(row: dict[str, Any], since: str, until: str) -> float | None:
    start, end = row[since], row[until]
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return None
    return (end - start).total_seconds() * 1000


def summarize(db: Database, sent: list[dict[str, Any]], owners: list[Owner]) -> dict[str, Any]:
    rows = db.rows()
    hops = {
        "submit (client)": _stats([s["submit_ms"] for s in sent]),
        "approve (client)": _stats([s["approve_ms"] for s in sent]),
    }
    for name, since, until in HOPS:
        lags = [lag for row in rows if (lag := _lag(row, since, until)) is not None]
        hops[name] = _stats(lags)
    missing = len(db.ids) - len(rows)  # requests the API accepted but the database lacks
    lost = {e: missing + sum(1 for r in rows if r[e] == 0) for e in EFFECTS}
    duplicated = {e: sum(r[e] - 1 for r in rows if r[e] > 1) for e in EFFECTS}
    ledger = db.ledger_entries_per_request()
    return {
        "hops": hops,
        "lost": lost,
        "duplicated": duplicated,
        "ledger": {
            "audit_records_not_in_ledger": db.unledgered_audit_records(),
            "entries_per_request": {str(k): v for k, v in sorted(ledger.items())},
        },
        "device": {
            "repeated_deliveries": sum(n - 1 for o in owners for n in o.handled.values()),
            "errors": [e for o in owners for e in o.errors][:20],
        },
    }


def table(result: dict[str, Any]) -> str:
    lines = [f"{'hop':40} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}"]
    for name, s in result["hops"].items():
        lines.append(f"{name:40} {s['n']:>6} {s['p50_ms']:>9} {s['p95_ms']:>9} {s['p99_ms']:>9}")
    lines.append(f"\n{'effect':14} {'lost':>6} {'duplicated':>11}")
    for effect, lost in result["lost"].items():
        lines.append(f"{effect:14} {lost:>6} {result['duplicated'][effect]:>11}")
    ledger = result["ledger"]
    lines += [
        f"\naudit records not in the ledger: {ledger['audit_records_not_in_ledger']}",
        f"ledger entries per request {{entries: requests}}: {ledger['entries_per_request']}",
        f"verify-ledger exit status: {result['verify_ledger']['exit_status']}",
        f"requests {result['requests']}, devices {result['devices']}, total "
        f"{result['total_s']} s, {result['throughput_per_s']} requests/s (offered: "
        f"{result.get('offered_rate_per_s') or 'all at once'}), complete: "
        f"{result['complete']}, load {result['load_average_1_5_15']}",
        f"calls the gateway refused (submit or approve): {result['failed_call_count']}",
    ]
    return "\n".join(lines)
