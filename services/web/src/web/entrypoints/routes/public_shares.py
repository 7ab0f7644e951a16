"""The public share viewer: whoever holds a share link opens /s/{token} without an account and
sees the shared item(s) in a player, with a Download button only where the link allows it.
The bytes come through the web app from the gateway's public stream (Range honoured), so the
page needs no other origin. An expired, withdrawn or unknown link shows one page and no data."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from web.domain.errors import ApiProblem
from web.entrypoints.deps import StateDep, render

router = APIRouter()
Token = Annotated[str, PathParam(min_length=16, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")]
What = Literal["stream", "download", "thumbnail"]
# The token is the credential and rides in the URL: never sent on, never kept by a cache.
PRIVATE = {"referrer-policy": "no-referrer", "cache-control": "no-store", "x-robots-tag": "noindex"}
# What the browser's player needs of the gateway's answer.
PASSED = ("content-type", "content-length", "content-range", "accept-ranges", "content-disposition")
GONE = (403, 404, 410)  # the link ended (or never was): nothing of the item is shown


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.get("/s/{token}", response_class=HTMLResponse)
async def share_page(request: Request, token: Token, state: StateDep) -> HTMLResponse:
    try:
        shared = await state.gateway.public_share(token, client_address=_client(request))
    except ApiProblem as refused:
        if refused.status not in GONE:
            raise
        response = render(request, state, None, "public/share_gone.html", status_code=404)
    else:
        response = render(
            request, state, None, "public/share.html", shared=shared, base=f"/s/{token}"
        )
    response.headers.update(PRIVATE)
    return response


@router.get("/s/{token}/evidence/{evidence_id}/{what}")
async def shared_bytes(
    request: Request, token: Token, evidence_id: uuid.UUID, what: What, state: StateDep
) -> Response:
    """The gateway's public stream, download or poster frame of a shared item, relayed as it
    comes: the browser's Range goes along and the partial answer comes back."""
    headers = {"range": request.headers["range"]} if "range" in request.headers else {}
    if client := _client(request):
        headers["x-forwarded-for"] = client
    path = f"/public/v1/shares/{token}/evidence/{evidence_id}/{what}"
    try:
        answer = await state.gateway.open_public(path, headers)
    except ApiProblem as refused:
        return Response(status_code=refused.status, headers=PRIVATE)
    kept = {name: answer.headers[name] for name in PASSED if name in answer.headers}
    return StreamingResponse(
        answer.aiter_bytes(),
        status_code=answer.status_code,
        headers=kept | PRIVATE,
        background=BackgroundTask(answer.aclose),
    )
