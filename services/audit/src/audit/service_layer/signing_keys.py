"""The keys that sign tree heads, as published: every key that has signed, with the time of
its first head and of its successor's (decision 0046), and the key that signs now."""

from __future__ import annotations

from dataclasses import dataclass, replace

from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import repository
from audit.adapters.signing_key import TreeHeadSigner
from audit.domain.tree_heads import SIGNATURE_ALGORITHM


@dataclass(frozen=True)
class PublishedKey:
    key_id: str
    algorithm: str
    public_key_pem: str
    valid_from_ms: int  # 0: it has signed no head yet
    valid_until_ms: int  # 0: nothing has replaced it


async def published_keys(uow: UnitOfWork, current: TreeHeadSigner) -> list[PublishedKey]:
    """Oldest first, the current key last (listed even before its first head: just rotated).
    A key is valid until the first head of the key after it."""
    listed = [
        PublishedKey(k.key_id, k.algorithm, k.public_key_pem, k.first_used_ms, 0)
        for k in await repository.signing_keys(uow.session)
    ]
    signing = next((k for k in listed if k.key_id == current.key_id), None)
    keys = [k for k in listed if k.key_id != current.key_id] + [
        signing or PublishedKey(current.key_id, SIGNATURE_ALGORITHM, current.public_key_pem, 0, 0)
    ]
    ends = [following.valid_from_ms for following in keys[1:]] + [0]
    return [replace(key, valid_until_ms=end) for key, end in zip(keys, ends, strict=True)]
