"""The owner admin's cameras: the list (a table or a map) with its filters, moving cameras
into and out of groups, a camera's form (position on a map, its view as a wedge, thumbnail),
retiring one after a confirmation, and the camera groups."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from web.adapters.gateway import FilePart
from web.domain.camera_form import CameraForm
from web.domain.cameras_admin import (
    NO_GROUP,
    STATUSES,
    VISIBILITIES,
    ListFilters,
    OwnCamera,
    notice_of,
)
from web.domain.devices import Device
from web.domain.errors import ApiProblem
from web.domain.find_cameras import KINDS
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api
from web.service_layer import cameras_admin as use
from web.service_layer.api import Api

router = APIRouter(prefix="/admin")
LIST, GROUPS = "/admin/cameras", "/admin/camera-groups"
MAX_PICTURE = 3 * 1024 * 1024  # the gateway's cap on a thumbnail upload
Ids = Annotated[list[str], Form()]


@router.get("/cameras", response_class=HTMLResponse)
async def cameras_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    filters = ListFilters.read(request.query_params)
    page, groups = await use.camera_list(session_api(state, session), filters)
    notice = notice_of(request.query_params, page, groups)
    return render(
        request, state, session, "cameras_admin/list.html", section="cameras",
        filters=filters, page=page, groups=groups, group_names=groups.names(),
        statuses=STATUSES, no_group=NO_GROUP, notice=notice,
        map_tiles=request.app.state.map_tiles,
    )  # fmt: skip


@router.post("/cameras/group")
async def move_cameras(
    state: StateDep,
    session: PostedSession,
    camera: Ids = [],  # noqa: B006 (FastAPI reads the default)
    group: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = LIST,
) -> Response:
    """The ticked cameras into the chosen group, or out of any ("none"); back to the same
    list, which says what happened (by code: a page never shows text from its address)."""
    back = back if back.startswith(f"{LIST}?") or back == LIST else LIST
    if not camera or not group:
        return _back(back, moved="none")
    try:
        await use.move_cameras(
            session_api(state, session), "" if group == NO_GROUP else group, camera
        )
    except ApiProblem as refused:
        if refused.status not in (*use.REFUSED, 404):
            raise
        return _back(back, moved="refused")
    return _back(back, moved=str(len(camera)), into=group)


def _back(to: str, **notice: str) -> RedirectResponse:
    joiner = "&" if "?" in to else "?"
    return RedirectResponse(f"{to}{joiner}{urlencode(notice)}", status_code=303)


@router.get("/cameras/new", response_class=HTMLResponse)
async def new_camera(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    return await _form_page(request, state, session, None, CameraForm(), {})


@router.post("/cameras/new", response_class=HTMLResponse)
async def create_camera(request: Request, state: StateDep, session: PostedSession) -> Response:
    return await _save(request, state, session, None)


@router.get("/cameras/{camera_id}/edit", response_class=HTMLResponse)
async def edit_camera(
    request: Request, camera_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    api = session_api(state, session)
    found = await use.camera(api, camera_id)
    form = CameraForm.of(found, await use.partner_names(api, found))
    saved = request.query_params.get("saved") == "1"
    return await _form_page(request, state, session, found, form, {}, saved=saved)


@router.post("/cameras/{camera_id}/edit", response_class=HTMLResponse)
async def update_camera(
    request: Request, camera_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    return await _save(request, state, session, camera_id)


async def _save(
    request: Request, state: WebState, session: WebSession, camera_id: uuid.UUID | None
) -> Response:
    posted = await request.form()
    typed = CameraForm.read(posted)
    picture, too_big = await _picture(posted.get("thumbnail"))
    if too_big:
        return await _form_page(request, state, session, camera_id, typed, too_big, 400)
    saved = await use.save_camera(session_api(state, session), typed, camera_id, picture)
    if saved.errors:  # a camera created with its picture refused comes back as its edit form
        return await _form_page(request, state, session, saved.camera_id, typed, saved.errors, 400)
    return RedirectResponse(f"{LIST}/{saved.camera_id}/edit?saved=1", status_code=303)


async def _picture(upload: Any) -> tuple[FilePart | None, dict[str, str]]:
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None, {}
    data = await upload.read(MAX_PICTURE + 1)
    if len(data) > MAX_PICTURE:
        return None, {"thumbnail": "Choose a picture of 3 MB or less"}
    if not data:
        return None, {}
    return (upload.filename, data, upload.content_type or "application/octet-stream"), {}


async def _form_page(
    request: Request,
    state: WebState,
    session: WebSession,
    camera: OwnCamera | uuid.UUID | None,
    typed: CameraForm,
    errors: dict[str, str],
    status_code: int = 200,
    *,
    saved: bool = False,
) -> HTMLResponse:
    """The camera form; `camera` is the one edited (already read, or its id) or None."""
    api = session_api(state, session)
    found, listed, groups = await asyncio.gather(
        _camera(api, camera),
        api.get_json("/devices"),
        use.groups(api),
    )
    devices = [Device.model_validate(d) for d in listed]
    return render(
        request, state, session, "cameras_admin/form.html", status_code=status_code,
        section="cameras", camera=found, typed=typed, errors=errors, saved=saved,
        kinds=KINDS, visibilities=VISIBILITIES,
        groups=[(str(g.id), g.name) for g in groups.items],
        devices=[(str(d.id), d.name) for d in devices if d.kind != "vms"],
        vms=[(str(d.id), d.name) for d in devices if d.kind == "vms"],
        map_tiles=request.app.state.map_tiles,
    )  # fmt: skip


async def _camera(api: Api, camera: OwnCamera | uuid.UUID | None) -> OwnCamera | None:
    return await use.camera(api, camera) if isinstance(camera, uuid.UUID) else camera


@router.get("/cameras/{camera_id}/retire", response_class=HTMLResponse)
async def retire_page(
    request: Request, camera_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    """The confirmation: what retiring does, and the one button that does it."""
    found = await use.camera(session_api(state, session), camera_id)
    return render(
        request, state, session, "cameras_admin/retire.html", section="cameras", camera=found
    )


@router.post("/cameras/{camera_id}/retire")
async def retire_camera(camera_id: uuid.UUID, state: StateDep, session: PostedSession) -> Response:
    try:
        await session_api(state, session).send("POST", f"/cameras/{camera_id}/retire", None)
    except ApiProblem as refused:
        if refused.status != 409:  # already retired: the list shows it so
            raise
    return _back(LIST, retired=str(camera_id))


@router.get("/camera-groups", response_class=HTMLResponse)
async def groups_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    return await _groups_page(request, state, session, {}, {})


@router.post("/camera-groups", response_class=HTMLResponse)
async def create_group(
    request: Request, state: StateDep, session: PostedSession, name: Annotated[str, Form()] = ""
) -> Response:
    return await _save_group(request, state, session, None, name)


@router.post("/camera-groups/{group_id}", response_class=HTMLResponse)
async def rename_group(
    request: Request,
    group_id: uuid.UUID,
    state: StateDep,
    session: PostedSession,
    name: Annotated[str, Form()] = "",
) -> Response:
    return await _save_group(request, state, session, group_id, name)


async def _save_group(
    request: Request, state: WebState, session: WebSession, group_id: uuid.UUID | None, name: str
) -> Response:
    field = f"name-{group_id}" if group_id else "name"
    if not name.strip():
        errors = {field: "Enter the group's name"}
        return await _groups_page(request, state, session, errors, {field: name}, 400)
    try:
        await use.save_group(session_api(state, session), name.strip(), group_id)
    except ApiProblem as refused:
        if refused.status not in use.REFUSED:
            raise
        errors = {field: refused.problem.message}
        return await _groups_page(request, state, session, errors, {field: name}, 400)
    return RedirectResponse(f"{GROUPS}?saved={name.strip()[:100]}", status_code=303)


async def _groups_page(
    request: Request,
    state: WebState,
    session: WebSession,
    errors: dict[str, str],
    typed: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    found = await use.groups(session_api(state, session))
    return render(
        request, state, session, "cameras_admin/groups.html", status_code=status_code,
        section="cameras", groups=found.items, errors=errors, typed=typed,
        saved=request.query_params.get("saved", "")[:100],
    )  # fmt: skip
