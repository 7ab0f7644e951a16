"""The case grid's one form: tag, untag and set the retention category of the ticked items
(all or nothing), or play them side by side (decision 0036)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.case_bulk import BulkForm, GridPage, bulk_errors
from web.domain.errors import ApiProblem
from web.entrypoints.deps import PostedSession, StateDep, session_api
from web.entrypoints.routes.cases import case_page_response
from web.service_layer import case_bulk as use

router = APIRouter()
REFUSED = (400, 404, 409, 422)


@router.post("/cases/{case_id}/evidence/bulk", response_class=HTMLResponse)
async def bulk_change(
    request: Request, case_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    """The button "Play side by side" goes to the player's page with the ticked items in its
    address (the form's CSRF token never does); the other buttons change the items."""
    form = await request.form()
    typed = BulkForm.read(form)
    if form.get("action") == "multiview":
        if not typed.item_ids():
            errors = {"bulk-items": "Select the items to play side by side"}
            return await _refused(request, state, session, case_id, typed, errors)
        return RedirectResponse(f"/cases/{case_id}/multiview?{typed.multiview_query()}", 303)
    if errors := typed.problems():
        return await _refused(request, state, session, case_id, typed, errors)
    try:
        changed = await use.apply(session_api(state, session), case_id, typed)
    except ApiProblem as refused:
        if refused.status not in REFUSED:
            raise
        errors = bulk_errors(refused.problem)
        return await _refused(request, state, session, case_id, typed, errors)
    page = GridPage.of(request.query_params).query()  # back to the page it was sent from
    back = f"/cases/{case_id}?changed={changed}{'&' + page if page else ''}#evidence"
    return RedirectResponse(back, status_code=303)


async def _refused(
    request: Request,
    state: StateDep,
    session: PostedSession,
    case_id: uuid.UUID,
    typed: BulkForm,
    errors: dict[str, str],
) -> HTMLResponse:
    return await case_page_response(
        request, state, session, case_id, 400, errors=errors, values=typed.values()
    )
