"""What a ledger leaf is made of, and who may read which entries."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from custody_contracts.principal import ROLE_GUEST, ROLE_SERVICE, ROLE_SUPERADMIN, Principal

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


@dataclass(frozen=True)
class Visibility:
    """The entries a caller may read: those its organization is party to (every entry when
    org_id is None) and, for a guest, only among those the entries it acted in itself. A
    guest carries its inviting organization's id but is no member of it."""

    org_id: uuid.UUID | None
    actor_id: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> Visibility:
        if reads_all_orgs(principal):
            return cls(org_id=None)
        if principal.has_role(ROLE_GUEST):
            return cls(org_id=principal.org_id, actor_id=str(principal.user_id))
        return cls(org_id=principal.org_id)

    @property
    def is_guest(self) -> bool:
        return self.actor_id is not None

    def allows(self, record: Mapping[str, Any]) -> bool:
        if self.org_id is not None and str(self.org_id) not in record.get("org_ids", ()):
            return False
        return self.actor_id is None or record.get("actor_id") == self.actor_id


def page_size(limit: int) -> int:
    """0 (or less) asks for the default; larger requests are capped."""
    return DEFAULT_LIMIT if limit <= 0 else min(limit, MAX_LIMIT)
