"""The device-facing HTTP API: enrollment, tokens, check-in and command answers (tus uploads
live in tus.py). Routes parse, call one service function, commit what it changed, and map
the result — inside the unit of work, whose exit rolls back and so expires the rows it
loaded."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from typing import Annotated

from custody_platform.problems import Problems
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware

from device_gateway.entrypoints import tus, tus_http
from device_gateway.entrypoints.deps import (
    Api,
    CurrentDevice,
    DeviceApi,
    RequestUoW,
    WaitingDevice,
    source_address,
)
from device_gateway.entrypoints.openapi import COMMAND, SIGNED_IN
from device_gateway.entrypoints.schemas import (
    CheckinRequest,
    CheckinResponse,
    CommandPublic,
    CommandState,
    DeviceSettings,
    EnrollRequest,
    EnrollResponse,
    NoVideoRequest,
    TokenRequest,
    TokenResponse,
)
from device_gateway.service_layer import checkin, commands, devices

MAX_WAIT_SECONDS = 25
DESCRIPTION = (
    "Devices enroll, check in for export commands and answer them; files arrive with tus 1.0 "
    "(creation, creation-with-upload, checksum, termination, expiration): devices on "
    "/device/v1/uploads with their access token, holders of an upload grant on "
    "/ingest/v1/uploads with its ug_ token. Errors are application/problem+json."
)
router = APIRouter(prefix="/device/v1", tags=["device"])


@router.post("/enroll", responses=SIGNED_IN)
async def enroll(body: EnrollRequest, api: Api, request: Request) -> EnrollResponse:
    """Trades the one-time enrollment code (from the gateway's POST /devices) for the
    device's id and secret, shown once; an unknown or used code is 401."""
    async with api.uow() as uow:
        device, secret = await devices.enroll(uow, body.enrollment_code, source_address(request))
        await uow.commit()
        return EnrollResponse(device_id=device.id, device_secret=secret)


@router.post("/token", responses=SIGNED_IN)
async def token(body: TokenRequest, api: Api) -> TokenResponse:
    """A short-lived access token for the device's id and secret (401 when wrong or
    revoked); send it as a bearer token on every other route."""
    async with api.uow() as uow:
        access = await devices.issue_token(uow, api.tokens, body.device_id, body.device_secret)
        return TokenResponse(
            access_token=access, expires_in=int(api.tokens.lifetime.total_seconds())
        )


@router.post("/checkin", responses=SIGNED_IN)
async def check_in(
    body: CheckinRequest,
    api: Api,
    device: WaitingDevice,
    wait: Annotated[float, Query(ge=0, le=MAX_WAIT_SECONDS)] = 0,
) -> CheckinResponse:
    """Due commands, marked delivered, and the device's settings to apply; with no command
    due, polls until one is or `wait` passes. Each poll is a short unit of work of its own:
    no connection is held while waiting."""
    report = body.model_dump(exclude_none=True)
    async with api.uow() as uow:
        checked = await checkin.checkin(uow, device, report, api.checkin)
        await uow.commit()
    due = checked.commands
    deadline = asyncio.get_running_loop().time() + wait
    while not due and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(api.checkin.poll_seconds)
        async with api.uow() as uow:
            due = await checkin.deliver_due(uow, device, api.checkin)
            await uow.commit()
    return CheckinResponse(
        commands=[CommandPublic.model_validate(c, from_attributes=True) for c in due],
        settings=DeviceSettings(background_recording=checked.background_recording),
    )


@router.post("/commands/{command_id}/ack", responses=COMMAND)
async def acknowledge(
    command_id: uuid.UUID, uow: RequestUoW, device: CurrentDevice
) -> CommandState:
    """The device has the command and is working on it (409 with its state once closed)."""
    command = await commands.acknowledge(uow, device, command_id)
    await uow.commit()
    return CommandState(id=command.id, status=command.status)


@router.post("/commands/{command_id}/no-video", responses=COMMAND | SIGNED_IN)
async def no_video(
    command_id: uuid.UUID, body: NoVideoRequest, uow: RequestUoW, device: CurrentDevice
) -> CommandState:
    """The device has no video for the command's window, and says why."""
    command = await commands.report_no_video(uow, device, command_id, body.reason, body.detail)
    await uow.commit()
    return CommandState(id=command.id, status=command.status)


def create_app(api: DeviceApi, cors_origins: Sequence[str] = ()) -> FastAPI:
    """Browsers on `cors_origins` (the public gateway's file-request page) may speak tus to
    the ingest endpoint; credentials travel as bearer tokens, never cookies."""
    app = FastAPI(
        title="Custody device gateway",
        version="1",
        description=DESCRIPTION,
        generate_unique_id_function=lambda route: str(route.name),
    )
    app.state.device_api = api
    Problems().install(app)  # each error's own status and title: the tus statuses
    app.include_router(router)
    app.include_router(tus.device_router)
    app.include_router(tus.ingest_router)
    app.add_middleware(tus_http.TusResumableHeader)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(cors_origins),
        allow_methods=["POST", "HEAD", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=tus_http.TUS_REQUEST_HEADERS,
        expose_headers=tus_http.TUS_RESPONSE_HEADERS,
        allow_credentials=False,
        max_age=600,
    )
    return app
