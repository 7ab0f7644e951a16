"""Inclusion proofs of entries the caller may see, and consistency proofs between heads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from custody_contracts.principal import Principal
from custody_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import repository
from audit.adapters.orm import LedgerEntry, TreeHead
from audit.domain.proofs import Range, consistency_ranges, inclusion_ranges, nodes_for, proof_hashes
from audit.service_layer.ledger import scope
from audit.service_layer.tree_heads import tree_head


@dataclass(frozen=True)
class Inclusion:
    entry: LedgerEntry
    head: TreeHead
    path: list[bytes]


@dataclass(frozen=True)
class Consistency:
    old: TreeHead
    new: TreeHead
    proof: list[bytes]


async def inclusion_proof(
    uow: UnitOfWork, principal: Principal, event_id: uuid.UUID, head_id: int
) -> Inclusion:
    entry = await visible_entry(uow, principal, event_id)
    head = await tree_head(uow, head_id)
    if entry.idx >= head.tree_size:
        raise FailedPrecondition(
            "the tree head does not cover this entry yet; a newer one is signed on schedule"
        )
    path = await hashes(uow, inclusion_ranges(entry.idx, head.tree_size))
    return Inclusion(entry, head, path)


async def visible_entry(uow: UnitOfWork, principal: Principal, event_id: uuid.UUID) -> LedgerEntry:
    """The entry, if the caller's organization is party to it; NotFound otherwise."""
    entry = await repository.entry_by_event(uow.session, event_id)
    if entry is None or not scope(principal).allows(entry.record):
        raise NotFound("no such audit record")
    return entry


async def consistency_proof(uow: UnitOfWork, old_id: int, new_id: int) -> Consistency:
    if old_id <= 0:
        raise InvalidArgument("from_tree_head_id is required")
    old, new = await tree_head(uow, old_id), await tree_head(uow, new_id)
    if old.tree_size > new.tree_size:
        raise InvalidArgument("the first tree head must not be larger than the second")
    proof = await hashes(uow, consistency_ranges(old.tree_size, new.tree_size))
    return Consistency(old, new, proof)


async def hashes(uow: UnitOfWork, ranges: list[Range]) -> list[bytes]:
    nodes = await repository.nodes(uow.session, nodes_for(ranges))
    return proof_hashes(ranges, nodes)
