"""The access-token key ring in the gateway's database (decision 0046), so every replica signs
and accepts the same keys. Each key is sealed (AES-256-GCM, its kid as associated data) under
a key derived from JWT_SECRET: the database alone cannot mint a token, nor JWT_SECRET alone
once the ring has replaced it. A retired key's secret is erased; its kid and dates stay."""

from __future__ import annotations

import os
from datetime import datetime

import structlog
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import DateTime, LargeBinary, Text, text, update
from sqlmodel import Field, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.adapters.orm import Base
from gateway.domain.key_ring import SigningKey

log = structlog.get_logger(__name__)
NONCE = 12
# One ring writer at a time: two replicas starting together make one first key, not two.
RING_LOCK_KEY = 0x6A776B657973  # "jwkeys"


class JwtSigningKey(Base, table=True):  # type: ignore[call-arg]
    __tablename__ = "jwt_signing_keys"

    kid: str = Field(primary_key=True, sa_type=Text)
    sealed_key: bytes | None = Field(default=None, sa_type=LargeBinary)  # None once retired
    created_at: datetime = Field(sa_type=DateTime(timezone=True))
    signs_from: datetime = Field(sa_type=DateTime(timezone=True))
    retired_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class Sealer:
    def __init__(self, jwt_secret: str) -> None:
        derive = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"custody jwt ring")
        self._aead = AESGCM(derive.derive(jwt_secret.encode()))

    def seal(self, kid: str, secret: bytes) -> bytes:
        nonce = os.urandom(NONCE)
        return nonce + self._aead.encrypt(nonce, secret, kid.encode())

    def open(self, kid: str, sealed: bytes) -> bytes:
        return self._aead.decrypt(sealed[:NONCE], sealed[NONCE:], kid.encode())


async def lock(session: AsyncSession) -> None:
    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": RING_LOCK_KEY})


async def live_keys(session: AsyncSession, sealer: Sealer) -> list[SigningKey]:
    """The keys not erased that open under this JWT_SECRET. A key sealed under another (the
    secret was changed, or a backup restored beside a new one) is left out: its tokens are
    refused and their clients refresh."""
    query = select(JwtSigningKey).where(col(JwtSigningKey.sealed_key).is_not(None))
    rows = (await session.exec(query.order_by(col(JwtSigningKey.signs_from)))).all()
    keys = []
    for row in rows:
        try:
            keys.append(SigningKey(row.kid, sealer.open(row.kid, row.sealed_key or b""),
                                   row.signs_from))  # fmt: skip
        except InvalidTag:
            log.warning("jwt key sealed under another JWT_SECRET", kid=row.kid)
    return keys


async def add_key(
    session: AsyncSession, sealer: Sealer, key: SigningKey, created_at: datetime
) -> None:
    assert key.kid is not None
    sealed = sealer.seal(key.kid, key.secret)
    session.add(JwtSigningKey(kid=key.kid, sealed_key=sealed, created_at=created_at,
                              signs_from=key.signs_from))  # fmt: skip
    await session.flush()


async def retire(session: AsyncSession, kids: list[str], now: datetime) -> None:
    if kids:
        erase = update(JwtSigningKey).where(col(JwtSigningKey.kid).in_(kids))
        await session.execute(erase.values(sealed_key=None, retired_at=now))
