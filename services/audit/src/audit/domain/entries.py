"""What a ledger leaf is made of, and who may read which entries."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from custody_contracts.principal import ROLE_SERVICE, ROLE_SUPERADMIN, Principal

from audit.domain.merkle import leaf_hash

DEFAULT_LIMIT = 500
MAX_LIMIT = 1000


def canonical_json(record: Mapping[str, Any], event_id: uuid.UUID) -> str:
    """The exact text a leaf commits to: the record as received plus its event id, with
    sorted keys and no insignificant whitespace, so anyone can recompute the leaf hash."""
    document = {**record, "event_id": str(event_id)}
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_leaf_hash(canonical: str) -> bytes:
    return leaf_hash(canonical.encode("utf-8"))


def reads_all_orgs(principal: Principal) -> bool:
    return principal.has_role(ROLE_SERVICE, ROLE_SUPERADMIN)


def page_size(limit: int) -> int:
    """0 (or less) asks for the default; larger requests are capped."""
    return DEFAULT_LIMIT if limit <= 0 else min(limit, MAX_LIMIT)
