"""Re-derive the whole ledger from its stored records and compare: every canonical text
against its record, every leaf and subtree hash, and every signed tree head (its root and
signature). Names each entry that differs, by index and event id."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import repository
from audit.adapters.orm import LedgerEntry, TreeHead
from audit.domain.entries import canonical_json, entry_leaf_hash
from audit.domain.merkle import EMPTY_ROOT, grow
from audit.domain.proofs import Node, range_hash, range_nodes
from audit.domain.tree_heads import key_id_of, signed_text

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
    heads: int = 0
    key_ids: list[str] = field(default_factory=list)  # the keys that signed the heads, in order
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


async def verify_ledger(uow: UnitOfWork, current_key: Ed25519PublicKey) -> VerificationReport:
    """Every entry and subtree, and every signed head: its root against the re-derived tree
    at its size, its signature with the key it names (the key list, decision 0046). The
    latest head must be signed by current_key, the key file's: the trust comes from outside
    the database, the list only tells the earlier keys apart."""
    report = VerificationReport()
    heads = list(await repository.heads_in_order(uow.session))
    roots = await _derive(uow, report, sorted({h.tree_size for h in heads}))
    keys = await _known_keys(uow, current_key, report)
    for head in heads:
        report.problems += _head_problems(head, roots.get(head.tree_size), keys)
    if heads:
        latest = heads[-1]
        report.head_id, report.heads = latest.id, len(heads)
        report.key_ids = list(dict.fromkeys(h.key_id for h in heads))
        current_id = _key_id(current_key)
        if latest.key_id != current_id:
            report.problems.append(Problem(None, None, _not_current(latest, current_id)))
    return report


async def _derive(
    uow: UnitOfWork, report: VerificationReport, sizes: list[int]
) -> dict[int, bytes]:
    """Re-derives the tree page by page, checking entries and stored subtrees; answers the
    root at each of the sizes asked for that the ledger reaches."""
    roots = {0: EMPTY_ROOT}
    wanted = [size for size in sizes if size > 0]
    frontier: dict[Node, bytes] = {}
    while page := await repository.entries_from(uow.session, report.tree_size, PAGE):
        start = report.tree_size
        report.problems += [p for n, e in enumerate(page) if (p := _entry_problem(e, start + n))]
        leaves = [entry_leaf_hash(e.canonical) for e in page]
        created, done = [], 0
        while wanted and wanted[0] <= start + len(leaves):
            size = wanted.pop(0)
            created += grow(start + done, frontier, leaves[done : size - start])
            done = size - start
            roots[size] = range_hash(0, size, frontier)
        created += grow(start + done, frontier, leaves[done:])
        report.problems += await _node_problems(uow, created)
        report.tree_size += len(page)
        frontier = {n: frontier[n] for n in range_nodes(0, report.tree_size)}
    return roots


async def _known_keys(
    uow: UnitOfWork, current_key: Ed25519PublicKey, report: VerificationReport
) -> dict[str, Ed25519PublicKey]:
    """The key list's keys, each under the id its own bytes give (a row whose id is not its
    key's names no key), and the current key."""
    keys = {_key_id(current_key): current_key}
    for row in await repository.signing_keys(uow.session):
        key = load_pem_public_key(row.public_key_pem.encode("ascii"))
        if isinstance(key, Ed25519PublicKey) and _key_id(key) == row.key_id:
            keys.setdefault(row.key_id, key)
        else:
            report.problems.append(Problem(None, None, f"listed key {row.key_id} is not its key"))
    return keys


def _key_id(key: Ed25519PublicKey) -> str:
    return key_id_of(key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def _not_current(latest: TreeHead, current_id: str) -> str:
    return (
        f"the latest tree head {latest.id} is signed by key {latest.key_id}, not by the key "
        f"file's {current_id} (just rotated? sign a head: POST /api/v1/audit/tree-heads)"
    )


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
    head: TreeHead, root: bytes | None, keys: dict[str, Ed25519PublicKey]
) -> list[Problem]:
    problems = []
    if root is None:
        problems.append(Problem(None, None, f"ledger is shorter than tree head {head.id}"))
    elif root != bytes(head.root_hash):
        problems.append(Problem(None, None, f"root differs from tree head {head.id}"))
    key = keys.get(head.key_id)
    if key is None:
        problems.append(Problem(None, None, f"tree head {head.id} names unknown key {head.key_id}"))
        return problems
    message = signed_text(head.tree_size, bytes(head.root_hash), head.timestamp_ms, head.key_id)
    try:
        key.verify(bytes(head.signature), message)
    except InvalidSignature:
        problems.append(Problem(None, None, f"signature of tree head {head.id} is invalid"))
    return problems
