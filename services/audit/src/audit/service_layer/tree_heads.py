"""Signed tree heads: sign the ledger as it is now; read the ones signed before."""

from __future__ import annotations

import time

from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import repository
from audit.adapters.orm import SigningKey, TreeHead
from audit.adapters.signing_key import TreeHeadSigner
from audit.domain.access import check_may_read_latest_tree_head, check_may_sign_tree_head
from audit.domain.merkle import EMPTY_ROOT
from audit.domain.proofs import range_hash, range_nodes
from audit.domain.tree_heads import SIGNATURE_ALGORITHM, signed_text


async def current_root(uow: UnitOfWork) -> tuple[int, bytes]:
    """Size and root of the ledger, read under the append lock so the two agree."""
    await repository.lock(uow.session)
    size = await repository.tree_size(uow.session)
    if size == 0:
        return 0, EMPTY_ROOT
    nodes = await repository.nodes(uow.session, range_nodes(0, size))
    return size, range_hash(0, size, nodes)


async def sign_tree_head(uow: UnitOfWork, signer: TreeHeadSigner) -> TreeHead:
    """Signed with the key given (one snapshot of the key file), which joins the key list."""
    size, root = await current_root(uow)
    timestamp_ms = int(time.time() * 1000)
    await repository.add_signing_key(uow.session, _listed(signer, timestamp_ms))
    signature = signer.sign(signed_text(size, root, timestamp_ms, signer.key_id))
    head = TreeHead(
        tree_size=size,
        root_hash=root,
        timestamp_ms=timestamp_ms,
        key_id=signer.key_id,
        signature=signature,
    )
    return await repository.add_head(uow.session, head)


def _listed(signer: TreeHeadSigner, timestamp_ms: int) -> SigningKey:
    return SigningKey(
        key_id=signer.key_id,
        algorithm=SIGNATURE_ALGORITHM,
        public_key_pem=signer.public_key_pem,
        first_used_ms=timestamp_ms,
    )


async def sign_on_demand(uow: UnitOfWork, principal: Principal, signer: TreeHeadSigner) -> TreeHead:
    """A head of the ledger as it is now, asked for by a caller (superadmins only)."""
    check_may_sign_tree_head(principal)
    return await sign_tree_head(uow, signer)


async def sign_if_grown(uow: UnitOfWork, signer: TreeHeadSigner) -> TreeHead | None:
    """The scheduled signing: a new head when the ledger grew since the last one, or when the
    key was rotated since (so the latest head is soon the new key's)."""
    latest = await repository.latest_head(uow.session)
    if (
        latest is not None
        and latest.key_id == signer.key_id
        and latest.tree_size == await repository.tree_size(uow.session)
    ):
        return None
    return await sign_tree_head(uow, signer)


async def signing_state(uow: UnitOfWork) -> tuple[int, TreeHead | None]:
    """The ledger's size and its latest signed head, for the operators' gauges."""
    return await repository.tree_size(uow.session), await repository.latest_head(uow.session)


async def tree_head(uow: UnitOfWork, head_id: int) -> TreeHead:
    """The head with that id; 0 asks for the latest."""
    found = (
        await repository.latest_head(uow.session)
        if head_id == 0
        else await repository.head(uow.session, head_id)
    )
    if found is None:
        raise NotFound("no such signed tree head" if head_id else "no tree head signed yet")
    return found


async def latest_tree_head(uow: UnitOfWork, principal: Principal) -> TreeHead:
    """The latest head, for superadmins and services; users get heads with their proofs."""
    check_may_read_latest_tree_head(principal)
    return await tree_head(uow, 0)
