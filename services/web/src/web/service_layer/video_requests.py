"""What the request pages ask of the gateway: each function is one page's (or one form's)
calls, made with the session's token."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from web.domain.errors import ApiProblem
from web.domain.request_filters import RequestFilters
from web.domain.request_views import (
    CLOSED_STATUSES,
    Me,
    Messages,
    Org,
    RequestForm,
    RequestTerms,
    StatusCounts,
    VideoRequest,
    VideoRequests,
)
from web.domain.requests_forms import OwnerPart
from web.domain.reviews import TEXTS, Decision, ReviewQueue, Waiting, waiting
from web.service_layer.api import Api

NOT_FOUND = 404
QUEUE_PAGE = 100


async def compose_parts(api: Api, camera_ids: list[uuid.UUID]) -> list[OwnerPart]:
    """The cameras grouped by owner, each owner with its current form and its name."""
    ids = [str(camera) for camera in camera_ids]
    terms: RequestTerms = await api.get(RequestTerms, "/request-terms", camera_id=ids)
    parts: dict[uuid.UUID, OwnerPart] = {}
    for camera in terms.items:
        part = parts.setdefault(camera.owner_org_id, OwnerPart(camera.owner_org_id, "", []))
        part.cameras.append(camera)
    for part in parts.values():
        part.form = await _optional(api, RequestForm, f"/orgs/{part.owner_org_id}/request-form")
        org = await _optional(api, Org, f"/orgs/{part.owner_org_id}")
        names = ", ".join(c.camera_name for c in part.cameras)
        part.name = org.name if org else f"The owner of {names}"
    return list(parts.values())


async def _optional(api: Api, model: type[Any], path: str) -> Any:
    """What the API has at `path`, or None when it answers 404 (no form, an org's name the
    caller may not read)."""
    try:
        return await api.get(model, path)
    except ApiProblem as refused:
        if refused.status == NOT_FOUND:
            return None
        raise


async def submit(api: Api, body: dict[str, Any], idempotency_key: str) -> VideoRequest:
    """The request made; the same key again returns it rather than making another."""
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
    return VideoRequest.model_validate(await api.send("POST", "/requests", body, headers))


async def request_list(api: Api, filters: RequestFilters) -> tuple[VideoRequests, StatusCounts]:
    found = await api.get(VideoRequests, "/requests", **filters.api_params())
    counts = await api.get(StatusCounts, "/requests/counts", **filters.api_params(paged=False))
    return found, counts


async def export_csv(api: Api, filters: RequestFilters) -> httpx.Response:
    return await api.raw("/requests/export.csv", **filters.api_params(paged=False))


@dataclass
class RequestPage:
    me: Me
    request: VideoRequest
    messages: Messages
    owners: dict[uuid.UUID, str]  # the camera owners' names


async def request_page(api: Api, request_id: uuid.UUID) -> RequestPage:
    me, request, messages = await asyncio.gather(
        api.me(),
        api.get(VideoRequest, f"/requests/{request_id}"),
        api.get(Messages, f"/requests/{request_id}/messages"),
    )
    owner_ids = request.owners()
    cards = await asyncio.gather(*(_optional(api, Org, f"/orgs/{o}") for o in owner_ids))
    owners = {}
    for owner, org in zip(owner_ids, cards, strict=True):
        cameras = ", ".join(i.camera_name for i in request.line_items if i.owner_org_id == owner)
        owners[owner] = org.name if org else f"The owner of {cameras}"
    return RequestPage(me, request, messages, owners)


async def decide(
    api: Api, request_id: uuid.UUID, item_id: uuid.UUID, decision: Decision, text: str
) -> VideoRequest:
    """One decision on a line item; a 409 (someone decided first) is raised as it came."""
    body = {"permission": text} if decision == "approve" else {TEXTS[decision][0]: text}
    path = f"/requests/{request_id}/line-items/{item_id}/{decision}"
    return VideoRequest.model_validate(await api.send("POST", path, body))


async def post_message(api: Api, request_id: uuid.UUID, body: str, owner: uuid.UUID | None) -> None:
    message = {"body": body, "owner_org_id": str(owner) if owner else None}
    await api.send("POST", f"/requests/{request_id}/messages", message)


async def review_queue(api: Api, page: int = 0) -> tuple[list[Waiting], int]:
    """One page of the line items waiting for the caller's decision, and how many wait."""
    params = {"limit": QUEUE_PAGE, "offset": page * QUEUE_PAGE}
    found: ReviewQueue = await api.get(ReviewQueue, "/requests/review-queue", **params)
    return waiting(found), found.total


async def open_requests(api: Api) -> int:
    """The requests the caller can see that are still open."""
    counts: StatusCounts = await api.get(StatusCounts, "/requests/counts")
    return counts.total - sum(counts.by_status.get(status, 0) for status in CLOSED_STATUSES)
