"""What the file-requests page asks of the gateway: the case, its requests and the files
that arrived through them; opening and withdrawing a request."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from web.domain.case_views import CaseView
from web.domain.file_requests import (
    FileRequestCreated,
    FileRequestForm,
    FileRequestView,
    FileRequestViews,
    ReceivedItem,
    ReceivedItems,
    received,
)
from web.service_layer.api import Api


@dataclass
class RequestsPage:
    case: CaseView | None  # None for the live part alone
    requests: list[FileRequestView]
    uploads: list[ReceivedItem]

    def count(self, request_id: uuid.UUID) -> int:
        return sum(1 for item in self.uploads if item.file_request_id == request_id)

    def title_of(self, request_id: uuid.UUID | None) -> str:
        found = next((r for r in self.requests if r.id == request_id), None)
        return found.title if found else "—"


async def requests_page(api: Api, case_id: uuid.UUID) -> RequestsPage:
    case, found, items = await asyncio.gather(
        api.get(CaseView, f"/cases/{case_id}"),
        api.get(FileRequestViews, f"/cases/{case_id}/file-requests"),
        api.every(ReceivedItems, f"/cases/{case_id}/evidence"),
    )
    newest = sorted(found.items, key=lambda r: str(r.created_at or ""), reverse=True)
    return RequestsPage(case, newest, received(items.items))


async def uploads(api: Api, case_id: uuid.UUID) -> RequestsPage:
    """The live part of the page: the requests (for their titles) and what arrived."""
    found, items = await asyncio.gather(
        api.get(FileRequestViews, f"/cases/{case_id}/file-requests"),
        api.every(ReceivedItems, f"/cases/{case_id}/evidence"),
    )
    return RequestsPage(None, found.items, received(items.items))


async def create(api: Api, case_id: uuid.UUID, form: FileRequestForm) -> FileRequestCreated:
    created = await api.send("POST", f"/cases/{case_id}/file-requests", form.body())
    return FileRequestCreated.model_validate(created)


async def withdraw(api: Api, request_id: uuid.UUID) -> None:
    await api.send("DELETE", f"/file-requests/{request_id}", None)
