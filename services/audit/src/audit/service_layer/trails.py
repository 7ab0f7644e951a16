"""Audit trails with inclusion proofs, as a disclosure package carries them."""

from __future__ import annotations

import uuid
from typing import Any

from custody_contracts.principal import Principal
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import queries, repository
from audit.adapters.orm import TreeHead
from audit.domain.entries import MAX_LIMIT
from audit.domain.proofs import inclusion_ranges, nodes_for, proof_hashes
from audit.domain.queries import RecordQuery
from audit.service_layer.ledger import scope


async def trail_with_proofs(
    uow: UnitOfWork, principal: Principal, object_id: uuid.UUID, head: TreeHead
) -> dict[str, Any]:
    """Every entry about the object the caller may see and the head covers, each with its
    audit path to the head's root."""
    query = RecordQuery(object_id=str(object_id))
    entries = await queries.find(uow.session, query, scope(principal), MAX_LIMIT)
    covered = [e for e in entries if e.idx < head.tree_size]
    ranges = {e.idx: inclusion_ranges(e.idx, head.tree_size) for e in covered}
    nodes = await repository.nodes(
        uow.session, nodes_for([r for rs in ranges.values() for r in rs])
    )
    return {
        "object_id": str(object_id),
        "tree_head_id": head.id,
        "tree_size": head.tree_size,
        "entries": [
            {
                "index": e.idx,
                "event_id": str(e.event_id),
                "canonical": e.canonical,
                "leaf_hash": bytes(e.leaf_hash).hex(),
                "audit_path": [h.hex() for h in proof_hashes(ranges[e.idx], nodes)],
            }
            for e in covered
        ],
    }


def head_document(head: TreeHead) -> dict[str, Any]:
    return {
        "id": head.id,
        "tree_size": head.tree_size,
        "root_hash": bytes(head.root_hash).hex(),
        "timestamp_ms": head.timestamp_ms,
        "key_id": head.key_id,
        "signature": bytes(head.signature).hex(),
    }
