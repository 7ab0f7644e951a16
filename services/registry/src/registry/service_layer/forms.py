"""Request forms: owners publish versions; submissions are validated against one of them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from custody_contracts.events.registry import RequestFormPublished
from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from registry.adapters.form_repository import FormRepository
from registry.domain.answers import normalized_answers
from registry.domain.cameras import require_member
from registry.domain.forms import FormField, FormVersion, validate_definition
from registry.service_layer.cameras import require_org_admin

MAX_ANSWERS_BYTES = 256 * 1024


async def publish_form(
    uow: UnitOfWork, principal: Principal, title: str, fields: tuple[FormField, ...]
) -> FormVersion:
    """A new version of the caller's organization's form; earlier versions stay as they were."""
    require_org_admin(principal)
    validate_definition(title, fields)
    forms = FormRepository(uow.session)
    version = FormVersion(
        id=uuid.uuid4(),
        org_id=principal.org_id,
        version=await forms.next_version(principal.org_id),
        title=title.strip(),
        fields=fields,
        published_by=principal.user_id,
        published_at=datetime.now(UTC),
    )
    forms.add(version)
    uow.emit(
        RequestFormPublished(
            org_id=version.org_id, form_version_id=version.id, version=version.version
        )
    )
    uow.audit(
        Actor.of(principal),
        "request_form.published",
        object_type="request_form",
        object_id=version.id,
        org_ids=(version.org_id,),
        version=version.version,
        fields=[f.key for f in fields],
    )
    return version


async def list_forms(uow: UnitOfWork, principal: Principal) -> list[FormVersion]:
    """Every version of the caller's organization's form (its members only; anyone may read
    the current one to fill it in, see get_form)."""
    require_member(principal)
    return await FormRepository(uow.session).all_of(principal.org_id)


async def get_form(
    uow: UnitOfWork, owner_org_id: uuid.UUID, version_id: uuid.UUID | None
) -> FormVersion:
    """Any signed-in user may read an owner's form, to fill it in."""
    form = await FormRepository(uow.session).get(owner_org_id, version_id)
    if form is None:
        raise NotFound("request form not found")
    return form


async def validate_submission(
    uow: UnitOfWork, owner_org_id: uuid.UUID, version_id: uuid.UUID | None, answers_json: str
) -> tuple[FormVersion | None, dict[str, Any]]:
    """(the version used, normalized answers); no version when the owner has no form."""
    answers = _parse(answers_json)
    form = await FormRepository(uow.session).get(owner_org_id, version_id)
    if form is None and version_id is not None:
        raise NotFound("request form version not found")
    if form is None:
        if answers:
            raise InvalidArgument("; ".join(f"{k}: unknown field" for k in sorted(answers)))
        return None, {}
    return form, normalized_answers(form.fields, answers)


def _parse(answers_json: str) -> Any:
    if len(answers_json.encode()) > MAX_ANSWERS_BYTES:
        raise InvalidArgument(f"answers exceed {MAX_ANSWERS_BYTES} bytes")
    if not answers_json.strip():
        return {}
    try:
        answers = json.loads(answers_json)
    except json.JSONDecodeError:
        raise InvalidArgument("answers_json is not valid JSON") from None
    if not isinstance(answers, dict):
        raise InvalidArgument("answers must be a JSON object")
    return answers
