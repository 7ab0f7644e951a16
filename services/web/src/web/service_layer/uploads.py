"""What the upload page and the field-capture app ask of the gateway: the case, an upload
grant for it (kept in the session and handed out again, so an upload interrupted by a reload
resumes with the same token), the items that arrived, and the open cases to capture into."""

from __future__ import annotations

import uuid
from datetime import datetime

from web.domain.case_views import CaseView, CaseViews, EvidenceView, EvidenceViews
from web.domain.uploads import UploadGrant, UploadSource, grant_key
from web.service_layer.api import Api


async def read_case(api: Api, case_id: uuid.UUID) -> CaseView:
    case: CaseView = await api.get(CaseView, f"/cases/{case_id}")
    return case


async def grant(api: Api, case_id: uuid.UUID, source: UploadSource, now: datetime) -> UploadGrant:
    """The session's grant for uploading into the case, a new one when none is kept or the
    kept one expires soon. The API checks the caller may add evidence to the case."""
    key = grant_key(source, case_id)
    kept = api.session.drafts.get(key)
    if isinstance(kept, UploadGrant) and kept.reusable(now):
        return kept
    created = UploadGrant.model_validate(
        await api.send("POST", f"/cases/{case_id}/uploads", {"source": source})
    )
    api.session.drafts[key] = created
    return created


async def items(api: Api, case_id: uuid.UUID) -> list[EvidenceView]:
    found: EvidenceViews = await api.every(EvidenceViews, f"/cases/{case_id}/evidence")
    return found.items


async def open_cases(api: Api) -> list[CaseView]:
    found: CaseViews = await api.get(CaseViews, "/cases", status="open")
    return found.items
