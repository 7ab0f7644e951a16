"""Embeds and signs a C2PA manifest in a rendered copy with c2pa-python (decision 0049), with
the organization's key from the installation's authority. Blocking; run in a worker thread."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import c2pa

from redaction.adapters.c2pa_keys import C2paAuthority


class C2paSigner:
    def __init__(self, authority: C2paAuthority) -> None:
        self.authority = authority

    def sign(
        self, org_id: uuid.UUID, definition: dict[str, Any], media_type: str, src: Path, dst: Path
    ) -> None:
        """Writes src with the signed manifest embedded to dst (a new file, src untouched)."""
        key = self.authority.for_org(org_id)
        info = c2pa.C2paSignerInfo(
            c2pa.C2paSigningAlg.ED25519, key.chain_pem, key.private_key_pem, None
        )
        with (
            c2pa.Signer.from_info(info) as signer,
            c2pa.Builder.from_json(definition) as builder,
            src.open("rb") as source,
            dst.open("w+b") as target,
        ):
            builder.sign(signer, media_type, source, target)
