"""The public upload page: anyone with a file request's link or QR code uploads files into
the investigators' case, without an account and without seeing anything of the case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from web.entrypoints.deps import StateDep, render
from web.entrypoints.security import CSP

router = APIRouter()
Token = Annotated[str, PathParam(min_length=16, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get("/f/{token}", response_class=HTMLResponse)
async def file_request_page(request: Request, token: Token, state: StateDep) -> HTMLResponse:
    found = await state.gateway.public_file_request(token)
    response = render(request, state, None, "public/file_request.html", found=found, token=token)
    # The token is in the URL: never sent on as a referrer; files go to the device gateway.
    response.headers["referrer-policy"] = "no-referrer"
    response.headers["content-security-policy"] = f"{CSP}; connect-src 'self' {found.upload_origin}"
    return response
