"""Re-derive the whole ledger from its stored records and compare: every canonical text
against its record, every leaf and subtree hash, and the root against the latest signed
tree head. Names each entry that differs, by index and event id."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import repository
from audit.adapters.orm import LedgerEntry, TreeHead
from audit.domain.entries import canonical_json, entry_leaf_hash
from audit.domain.merkle import EMPTY_ROOT, grow
from audit.domain.proofs import Node, range_hash, range_nodes
from audit.domain.tree_heads import signed_text

PAGE = 5000


@dataclass(frozen=True)
class Problem:
    index: int | None
    event_id: uuid.UUID | None
    what: str


@dataclass
class VerificationReport:
    tree_size: int = 0
    head_id: int | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


async def verify_ledger(uow: UnitOfWork, public_key: Ed25519PublicKey) -> VerificationReport:
    report = VerificationReport()
    head = await repository.latest_head(uow.session)
    head_size = head.tree_size if head is not None else -1
    head_root = EMPTY_ROOT if head_size == 0 else None
    frontier: dict[tuple[int, int], bytes] = {}
    while page := await repository.entries_from(uow.session, report.tree_size, PAGE):
        start = report.tree_size
        report.problems += [p for n, e in enumerate(page) if (p := _entry_problem(e, start + n))]
        leaves = [entry_leaf_hash(e.canonical) for e in page]
        if start < head_size <= start + len(leaves):
            head_root = _root_at(head_size, dict(frontier), start, leaves)
        report.problems += await _node_problems(uow, grow(start, frontier, leaves))
        report.tree_size += len(page)
        frontier = {n: frontier[n] for n in range_nodes(0, report.tree_size)}
    if head is not None:
        report.head_id = head.id
        report.problems += _head_problems(head, head_root, public_key)
    return report


def _root_at(size: int, frontier: dict[Node, bytes], start: int, leaves: list[bytes]) -> bytes:
    """The root at `size`, from the subtrees before `start` and the page's first leaves."""
    grow(start, frontier, leaves[: size - start])
    return range_hash(0, size, frontier)


def _entry_problem(entry: LedgerEntry, expected_index: int) -> Problem | None:
    event_id = entry.event_id
    if entry.idx != expected_index:
        return Problem(expected_index, None, f"entry missing; next stored index is {entry.idx}")
    if canonical_json(entry.record, event_id) != entry.canonical:
        return Problem(entry.idx, event_id, "record does not match its canonical text")
    if entry_leaf_hash(entry.canonical) != bytes(entry.leaf_hash):
        return Problem(entry.idx, event_id, "leaf hash does not match the canonical text")
    return None


async def _node_problems(uow: UnitOfWork, created: list[tuple[int, int, bytes]]) -> list[Problem]:
    stored = await repository.nodes(uow.session, [(level, i) for level, i, _ in created])
    return [
        Problem(i << level, None, f"stored subtree hash ({level}, {i}) differs")
        for level, i, node in created
        if stored.get((level, i)) != node
    ]


def _head_problems(
    head: TreeHead, root: bytes | None, public_key: Ed25519PublicKey
) -> list[Problem]:
    problems = []
    if root is None:
        problems.append(Problem(None, None, f"ledger is shorter than tree head {head.id}"))
    elif root != bytes(head.root_hash):
        problems.append(Problem(None, None, f"root differs from tree head {head.id}"))
    message = signed_text(head.tree_size, bytes(head.root_hash), head.timestamp_ms, head.key_id)
    try:
        public_key.verify(bytes(head.signature), message)
    except InvalidSignature:
        problems.append(Problem(None, None, f"signature of tree head {head.id} is invalid"))
    return problems
