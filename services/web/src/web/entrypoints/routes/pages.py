"""Pages over the gateway's API: each handler fetches what its page shows and renders it.
Home and its counts; the other areas have their own modules (routes/cases.py, ...)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from web.entrypoints.deps import Session, StateDep, render, session_api
from web.service_layer.home import home_counts

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    return render(request, state, session, "home.html", section="home")


@router.get("/home/counts", response_class=HTMLResponse)
async def home_counts_part(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    """The home page's counts, loaded by htmx after the page (they take several calls)."""
    counts = await home_counts(session_api(state, session))
    return render(request, state, session, "_home_counts.html", counts=counts)
