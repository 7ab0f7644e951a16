"""Who is asking: passed by the gateway to every service in gRPC metadata."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

METADATA_USER = "x-custody-user"
METADATA_ORG = "x-custody-org"
METADATA_ROLES = "x-custody-roles"
METADATA_REQUEST_ID = "x-request-id"
# Present only while a platform operator acts for ``org_id`` as its administrator (decision
# 0048); absent means not acting, so older callers and services read the same principal.
METADATA_ACTING = "x-custody-acting"

ROLE_SUPERADMIN = "superadmin"
ROLE_ORG_ADMIN = "org_admin"
ROLE_INVESTIGATOR = "investigator"
ROLE_APPROVER = "approver"
ROLE_GUEST = "guest"
ROLE_SERVICE = "service"


class Principal(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: uuid.UUID
    org_id: uuid.UUID
    roles: frozenset[str] = frozenset()
    # A superadmin acting for org_id (decision 0048): the changes it makes are audited as such.
    acting: bool = False

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def to_metadata(self) -> list[tuple[str, str]]:
        metadata = [
            (METADATA_USER, str(self.user_id)),
            (METADATA_ORG, str(self.org_id)),
            (METADATA_ROLES, ",".join(sorted(self.roles))),
        ]
        return [*metadata, (METADATA_ACTING, "1")] if self.acting else metadata

    @classmethod
    def from_metadata(cls, metadata: Iterable[tuple[str, str | bytes]]) -> Principal | None:
        md = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in metadata}
        if not md.get(METADATA_USER) or not md.get(METADATA_ORG):
            return None
        roles = frozenset(r for r in md.get(METADATA_ROLES, "").split(",") if r)
        return cls(
            user_id=uuid.UUID(md[METADATA_USER]),
            org_id=uuid.UUID(md[METADATA_ORG]),
            roles=roles,
            acting=md.get(METADATA_ACTING) == "1",
        )
