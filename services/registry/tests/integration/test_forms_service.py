"""Request form versions: publishing never changes earlier versions; submissions name theirs."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied
from custody_platform.unit_of_work import committed
from registry.domain.forms import FormField
from registry.service_layer import forms

from .conftest import outbox, person

pytestmark = pytest.mark.integration

V1 = (FormField("case_number", "Case number", "text", required=True, pattern=r"[A-Z]{2}-\d+"),)
V2 = (
    *V1,
    FormField("urgency", "Urgency", "single_select", required=True, options=("low", "high")),
)


async def test_versions_are_immutable_and_the_newest_is_in_force(
    uow_factory, engine, unique_schema
):
    admin = person(None, "org_admin")
    first = await committed(uow_factory, forms.publish_form, admin, "Request", V1)
    second = await committed(uow_factory, forms.publish_form, admin, "Request v2", V2)
    assert (first.version, second.version) == (1, 2)
    assert await committed(uow_factory, forms.get_form, admin.org_id, None) == second
    assert await committed(uow_factory, forms.get_form, admin.org_id, first.id) == first
    assert [f.id for f in await committed(uow_factory, forms.list_forms, admin)] == [
        second.id,
        first.id,
    ]

    answers = json.dumps({"case_number": "MP-12"})
    used, normalized = await committed(
        uow_factory, forms.validate_submission, admin.org_id, first.id, answers
    )
    assert (used, normalized) == (first, {"case_number": "MP-12"})  # v1 still accepts v1 answers
    with pytest.raises(InvalidArgument, match="urgency: is required"):
        await committed(uow_factory, forms.validate_submission, admin.org_id, None, answers)
    kinds = [kind for kind, _ in await outbox(engine, unique_schema)]
    assert kinds.count("registry.request_form_published.v1") == 2


async def test_bad_forms_and_other_orgs_versions(uow_factory, engine, unique_schema):
    admin = person(None, "org_admin")
    with pytest.raises(PermissionDenied):
        await committed(uow_factory, forms.publish_form, person(admin.org_id), "Request", V1)
    bad = (FormField("Bad Key", "", "colour"), FormField("pick", "Pick", "single_select"))
    with pytest.raises(InvalidArgument, match=r"key must match.*type must be.*label.*options"):
        await committed(uow_factory, forms.publish_form, admin, "Request", bad)
    assert await outbox(engine, unique_schema) == []
    theirs = await committed(
        uow_factory, forms.publish_form, person(None, "org_admin"), "Theirs", V1
    )
    with pytest.raises(NotFound):
        await committed(uow_factory, forms.validate_submission, admin.org_id, theirs.id, "{}")
    with pytest.raises(NotFound):
        await committed(uow_factory, forms.get_form, uuid.uuid4(), None)
    with pytest.raises(InvalidArgument, match="JSON"):
        await committed(uow_factory, forms.validate_submission, admin.org_id, None, "{nope")


async def test_concurrent_publishes_take_consecutive_versions(uow_factory, engine, unique_schema):
    admin = person(None, "org_admin")
    published = await asyncio.gather(
        *(committed(uow_factory, forms.publish_form, admin, f"Request {n}", V1) for n in range(5))
    )
    assert sorted(v.version for v in published) == [1, 2, 3, 4, 5]
