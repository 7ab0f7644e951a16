"""What the player pages ask of the gateway, with the session's token: the item, its comments
and who wrote them, a comment at a time code, a case's videos side by side, and the item's
bytes relayed to the browser (which never holds the token) with the browser's Range."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from web.domain.case_views import CaseView
from web.domain.errors import ApiProblem
from web.domain.player import (
    Lane,
    PlayerComment,
    PlayerComments,
    PlayerItem,
    multiview_lanes,
)
from web.domain.views import Problem
from web.service_layer.api import Api
from web.service_layer.cases import directory


@dataclass
class PlayerPage:
    item: PlayerItem
    comments: list[PlayerComment]
    names: dict[uuid.UUID | str, str]  # people the reader's directory knows, by id


async def player_page(api: Api, evidence_id: uuid.UUID, org_id: uuid.UUID | None) -> PlayerPage:
    item, found, people = await asyncio.gather(
        api.get(PlayerItem, f"/evidence/{evidence_id}"),
        api.get(PlayerComments, f"/evidence/{evidence_id}/comments"),
        directory(api, org_id),
    )
    names: dict[uuid.UUID | str, str] = {p.id: p.display_name for p in people}
    names |= {str(p.id): p.display_name for p in people}  # uploaded_by is a string
    return PlayerPage(item, found.items, names)


async def add_comment(api: Api, evidence_id: uuid.UUID, body: str, at_s: float | None) -> None:
    payload: dict[str, object] = {"body": body}
    if at_s is not None:
        payload["at_s"] = at_s
    await api.send("POST", f"/evidence/{evidence_id}/comments", payload)


@dataclass
class Multiview:
    case: CaseView
    lanes: list[Lane]


async def multiview(api: Api, case_id: uuid.UUID, ids: list[uuid.UUID]) -> Multiview:
    """The case and its chosen videos; an item that is not in the case, or not a video, is
    a page that does not exist (the API checked the reader may see each)."""
    case, *items = await asyncio.gather(
        api.get(CaseView, f"/cases/{case_id}"),
        *(api.get(PlayerItem, f"/evidence/{i}") for i in dict.fromkeys(ids)),
    )
    for item in items:
        if case_id not in (item.case_id, *item.case_ids) or item.kind != "video":
            raise ApiProblem(Problem(status=404, title="Not Found"))
    return Multiview(case, multiview_lanes(items))


async def read_case(api: Api, case_id: uuid.UUID) -> CaseView:
    case: CaseView = await api.get(CaseView, f"/cases/{case_id}")
    return case
