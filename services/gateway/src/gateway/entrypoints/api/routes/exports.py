"""What the caller's organization exported from its own cameras (decision 0036)."""

from __future__ import annotations

from typing import Annotated

from custody_contracts.grpc import devices_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Query

from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.responses import FORBIDDEN, INVALID, UPSTREAM
from gateway.entrypoints.api.schemas.common import Limit, ParamText
from gateway.entrypoints.api.schemas.exports import ExportsPublic, exports_public

router = APIRouter(tags=["devices"], responses=UPSTREAM)


@router.get("/exports", responses=INVALID | FORBIDDEN)
async def list_exports(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    limit: Annotated[Limit, Query()] = 50,
    cursor: Annotated[ParamText, Query(max_length=500)] = "",
) -> ExportsPublic:
    """Every export of the organization's cameras, newest first: camera, window, request, the
    organization it went to, and the files with their sha256. For its org admins and
    approvers (403 otherwise); the receiving organization's case is not shown. Follow
    ``next_cursor`` for more."""
    request = devices_pb2.ListExportsRequest(limit=limit, cursor=cursor)
    found = await upstream.devices.ListExports(request, metadata=call_metadata(principal))
    return exports_public(found)
