"""An owner organization's request settings and request forms."""

from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import registry_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Query

from gateway.entrypoints.api.deps import CurrentPrincipal, OrgAdmin, UpstreamDep
from gateway.entrypoints.api.responses import CREATE, FORBIDDEN, INVALID, NOT_FOUND, UPSTREAM
from gateway.entrypoints.api.schemas.request_forms import (
    RequestFormCreate,
    RequestFormPublic,
    RequestFormsPublic,
    form_public,
)
from gateway.entrypoints.api.schemas.request_policies import (
    RequestSettingsPublic,
    RequestSettingsUpdate,
    RequestTermsPublic,
    settings_public,
    terms_public,
)

router = APIRouter(tags=["request policies"], responses=UPSTREAM)
CameraIds = Annotated[list[uuid.UUID], Query(min_length=1, max_length=50)]


@router.get("/request-settings", responses=FORBIDDEN)
async def read_settings(principal: OrgAdmin, upstream: UpstreamDep) -> RequestSettingsPublic:
    """The organization's request settings (org admins)."""
    settings = await upstream.registry.GetRequestSettings(
        registry_pb2.GetRequestSettingsRequest(), metadata=call_metadata(principal)
    )
    return settings_public(settings)


@router.put("/request-settings", responses=CREATE)
async def update_settings(
    body: RequestSettingsUpdate, principal: OrgAdmin, upstream: UpstreamDep
) -> RequestSettingsPublic:
    """Replaces the organization's request settings (org admins)."""
    settings = await upstream.registry.PutRequestSettings(
        body.to_proto(), metadata=call_metadata(principal)
    )
    return settings_public(settings)


@router.post("/request-forms", status_code=201, responses=CREATE)
async def publish_form(
    body: RequestFormCreate, principal: OrgAdmin, upstream: UpstreamDep
) -> RequestFormPublic:
    """Publishes a new version of the organization's form; earlier versions never change."""
    form = await upstream.registry.PublishRequestForm(
        body.to_proto(), metadata=call_metadata(principal)
    )
    return form_public(form, principal.org_id)


@router.get("/request-forms", responses=FORBIDDEN)
async def list_forms(principal: OrgAdmin, upstream: UpstreamDep) -> RequestFormsPublic:
    """Every published version of the organization's request form."""
    found = await upstream.registry.ListRequestForms(
        registry_pb2.ListRequestFormsRequest(), metadata=call_metadata(principal)
    )
    items = [form_public(form, principal.org_id) for form in found.versions]
    return RequestFormsPublic(items=items, count=len(items))


@router.get("/orgs/{org_id}/request-form", responses=NOT_FOUND)
async def read_current_form(
    org_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> RequestFormPublic:
    """The form in force for requests to ``org_id``'s cameras (404 when it has none)."""
    return await _form(org_id, "", principal, upstream)


@router.get("/orgs/{org_id}/request-form/versions/{version_id}", responses=NOT_FOUND)
async def read_form_version(
    org_id: uuid.UUID, version_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> RequestFormPublic:
    """One published version of an organization's request form."""
    return await _form(org_id, str(version_id), principal, upstream)


async def _form(
    org_id: uuid.UUID, version_id: str, principal: CurrentPrincipal, upstream: UpstreamDep
) -> RequestFormPublic:
    request = registry_pb2.GetRequestFormRequest(owner_org_id=str(org_id), version_id=version_id)
    form = await upstream.registry.GetRequestForm(request, metadata=call_metadata(principal))
    return form_public(form, principal.org_id)


@router.get("/request-terms", responses=INVALID | NOT_FOUND)
async def read_request_terms(
    camera_id: CameraIds, principal: CurrentPrincipal, upstream: UpstreamDep
) -> RequestTermsPublic:
    """For each camera (as ``camera_id=..&camera_id=..``), its owner's maximum span, SLA and
    the camera's retention, to check a request before it is sent (404 if any is hidden)."""
    found = await upstream.registry.GetRequestPolicies(
        registry_pb2.GetRequestPoliciesRequest(camera_ids=[str(c) for c in camera_id]),
        metadata=call_metadata(principal),
    )
    return terms_public(found)
