"""The investigator's map: find cameras near a place and pick them for a request."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from web.domain.find_cameras import KINDS, Search
from web.entrypoints.deps import Session, StateDep, render
from web.service_layer import find_cameras

router = APIRouter()


@router.get("/cameras/find", response_class=HTMLResponse)
async def find_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    """The whole page; htmx swaps only its search part (hx-select) on each search."""
    search = Search.read(request.query_params)
    found = find_cameras.Found([], {})
    if search.asked:
        found = await find_cameras.find(state.store, state.gateway, session, search)
    return render(
        request, state, session, "find_cameras/page.html",
        status_code=400 if found.errors else 200, section="find",
        search=search, cameras=found.cameras, more=found.more, errors=found.errors,
        owner_org_id=found.owner_org_id, kinds=KINDS, radius_label=_metres(search.radius_m),
        map_tiles=request.app.state.map_tiles,
    )  # fmt: skip


@router.get("/cameras/find/map")
async def map_view(
    state: StateDep,
    session: Session,
    south: Annotated[float, Query(ge=-90, le=90)],
    west: Annotated[float, Query(ge=-180, le=180)],
    north: Annotated[float, Query(ge=-90, le=90)],
    east: Annotated[float, Query(ge=-180, le=180)],
    zoom: Annotated[int, Query(ge=0, le=22)],
    kind: Annotated[str, Query(max_length=20)] = "",
    owner_org_id: uuid.UUID | None = None,
    text: Annotated[str, Query(max_length=100)] = "",
) -> JSONResponse:
    """The map's markers for the box in view: cameras when few, else grid cells (JSON)."""
    view = await find_cameras.map_view(
        state.store, state.gateway, session,
        south=south, west=west, north=north, east=east, zoom=zoom,
        kind=kind, owner_org_id=owner_org_id, text=text,
    )  # fmt: skip
    return JSONResponse(view)


@router.get("/cameras/find/thumbnails/{camera_id}")
async def thumbnail(camera_id: uuid.UUID, state: StateDep, session: Session) -> Response:
    answer = await find_cameras.thumbnail(state.store, state.gateway, session, camera_id)
    media_type = answer.headers.get("content-type", "application/octet-stream")
    return Response(answer.content, media_type=media_type)


def _metres(radius: str) -> str:
    try:
        metres = float(radius)
    except ValueError:
        return radius
    return f"{metres:,.0f} m" if metres < 1000 else f"{metres / 1000:,.1f} km"
