"""What an organization exported from its own cameras (decision 0036): each export command with
its camera, window, request, receiving organization and completed files with their sha256.
For the owner's admins and approvers; the receiving organization's case is never shown."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from custody_contracts.principal import ROLE_APPROVER, ROLE_GUEST, ROLE_ORG_ADMIN, Principal
from custody_platform.errors import InvalidArgument, PermissionDenied
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters import export_queries, repository
from device_gateway.adapters.orm import Command, Upload

DEFAULT_LIMIT, MAX_LIMIT = 50, 500


@dataclass(frozen=True)
class ExportView:
    command: Command
    files: Sequence[Upload]  # completed uploads only

    @property
    def camera_name(self) -> str:
        return str((self.command.provenance or {}).get("camera_name") or "")


@dataclass(frozen=True)
class ExportPage:
    exports: list[ExportView]
    next_cursor: str  # "" = last page


async def list_exports(
    uow: UnitOfWork, principal: Principal, limit: int, cursor: str
) -> ExportPage:
    """Newest first, a keyset cursor on (created_at, id); PermissionDenied for other roles."""
    if principal.has_role(ROLE_GUEST) or not principal.has_role(ROLE_ORG_ADMIN, ROLE_APPROVER):
        raise PermissionDenied("only the organization's admins and approvers see its exports")
    if not 0 <= limit <= MAX_LIMIT:
        raise InvalidArgument(f"limit must be within 0..{MAX_LIMIT}")
    limit = limit or DEFAULT_LIMIT
    after = _decode(cursor) if cursor else None
    commands = await export_queries.org_exports(uow.session, principal.org_id, limit + 1, after)
    page, more = commands[:limit], len(commands) > limit
    uploads = await repository.command_uploads(uow.session, [c.id for c in page])
    done = [u for u in uploads if u.status == "completed"]
    views = [ExportView(c, [u for u in done if u.command_id == c.id]) for c in page]
    last = page[-1] if more else None
    return ExportPage(views, _encode(last.created_at, last.id) if last else "")


def _encode(created_at: datetime, command_id: uuid.UUID) -> str:
    raw = json.dumps({"t": created_at.isoformat(), "i": str(command_id)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str) -> tuple[datetime, uuid.UUID]:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        moment = datetime.fromisoformat(data["t"])
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment, uuid.UUID(data["i"])
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise InvalidArgument("cursor is not valid") from None
