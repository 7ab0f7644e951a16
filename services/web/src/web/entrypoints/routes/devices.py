"""The device operator's pages: the org's devices, a background-video request to one device, and
its pending transfers (updating live while the device uploads)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.devices import Device, VideoRequest, VideoRequestForm, form_errors
from web.domain.errors import ApiProblem
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api
from web.service_layer import devices as use

router = APIRouter()
INVALID, NOT_FOUND = (400, 422), 404


async def _get(state: WebState, session: WebSession, model: Any, path: str) -> Any:
    return await session_api(state, session).get(model, path)


@router.get("/devices", response_class=HTMLResponse)
async def devices_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    devices = await use.devices(session_api(state, session))
    changed = request.query_params.get("changed", "")
    return render(
        request, state, session, "devices/list.html", section="devices", devices=devices,
        changed=next((d for d in devices if str(d.id) == changed), None),
    )  # fmt: skip


@router.post("/devices/{device_id}/background-recording")
async def set_background_recording(
    request: Request, device_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    """The switch: on or off as the form says; back to the list, which tells what changed."""
    enabled = str((await request.form()).get("background_recording")) == "on"
    body = {"background_recording": enabled}
    await session_api(state, session).send("PATCH", f"/devices/{device_id}", body)
    return RedirectResponse(f"/devices?changed={device_id}#device-{device_id}", status_code=303)


@router.get("/devices/{device_id}/video-requests/new", response_class=HTMLResponse)
async def new_video_request(
    request: Request, device_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    device = await _get(state, session, Device, f"/devices/{device_id}")
    return _form_page(request, state, session, device, VideoRequestForm(), {})


@router.post("/devices/{device_id}/video-requests/new", response_class=HTMLResponse)
async def send_video_request(
    request: Request, device_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    device = await _get(state, session, Device, f"/devices/{device_id}")
    typed = VideoRequestForm.read(await request.form())
    if errors := typed.problems():
        return _form_page(request, state, session, device, typed, errors, 400)
    path = f"/devices/{device_id}/video-requests"
    try:
        created = await session_api(state, session).send("POST", path, typed.body())
    except ApiProblem as refused:
        if refused.status in INVALID or (refused.status == NOT_FOUND and typed.case_id):
            errors = form_errors(refused.problem)
            if refused.status == NOT_FOUND:
                errors = {"case_id": "There is no case with this id that you can add video to"}
            return _form_page(request, state, session, device, typed, errors, 400)
        raise
    return RedirectResponse(f"{path}/{created['id']}", status_code=303)


def _form_page(
    request: Request,
    state: WebState,
    session: WebSession,
    device: Device,
    typed: VideoRequestForm,
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request, state, session, "devices/new_request.html", status_code=status_code,
        section="devices", device=device, typed=typed, errors=errors,
    )  # fmt: skip


@router.get("/devices/{device_id}/video-requests", response_class=HTMLResponse)
async def video_requests(
    request: Request, device_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    device = await _get(state, session, Device, f"/devices/{device_id}")
    path = f"/devices/{device_id}/video-requests"
    found = await session_api(state, session).get_json(path)
    requests = [VideoRequest.model_validate(r) for r in found]
    return render(
        request, state, session, "devices/requests.html", section="devices",
        device=device, requests=requests,
    )  # fmt: skip


@router.get("/devices/{device_id}/video-requests/{request_id}", response_class=HTMLResponse)
async def video_request(
    request: Request, device_id: uuid.UUID, request_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    device = await _get(state, session, Device, f"/devices/{device_id}")
    found = await _request(state, session, device_id, request_id)
    return render(
        request, state, session, "devices/request.html", section="devices",
        device=device, found=found,
    )  # fmt: skip


@router.get(
    "/devices/{device_id}/video-requests/{request_id}/transfers", response_class=HTMLResponse
)
async def transfers(
    request: Request, device_id: uuid.UUID, request_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    """The pending transfers alone, for htmx to poll while the request is pending."""
    found = await _request(state, session, device_id, request_id)
    return render(
        request, state, session, "devices/_transfers.html", device_id=device_id, found=found
    )


async def _request(
    state: WebState, session: WebSession, device_id: uuid.UUID, request_id: uuid.UUID
) -> VideoRequest:
    path = f"/devices/{device_id}/video-requests/{request_id}"
    found: VideoRequest = await _get(state, session, VideoRequest, path)
    return found
