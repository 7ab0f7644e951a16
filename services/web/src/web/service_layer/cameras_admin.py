"""The owner admin's camera use cases over the gateway's API: the list with its groups, a
camera saved from the form (partners found by name, then its thumbnail), groups and moves."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field

from web.adapters.gateway import FilePart
from web.domain.camera_form import CameraForm, form_errors
from web.domain.cameras_admin import CameraPage, Groups, ListFilters, OwnCamera
from web.domain.errors import ApiProblem
from web.domain.request_settings import OrgCard, OrgCards, partner_to_add
from web.service_layer.api import Api

REFUSED = (400, 409, 422)  # the API's "not like this": shown at the field, nothing changed


@dataclass
class Saved:
    camera_id: uuid.UUID | None = None
    errors: dict[str, str] = field(default_factory=dict)


async def camera_list(api: Api, filters: ListFilters) -> tuple[CameraPage, Groups]:
    page, found = await asyncio.gather(
        api.get(CameraPage, "/cameras", **filters.api_params()), groups(api)
    )
    return page, found


async def groups(api: Api) -> Groups:
    found: Groups = await api.get(Groups, "/camera-groups")
    return found


async def camera(api: Api, camera_id: uuid.UUID) -> OwnCamera:
    found: OwnCamera = await api.get(OwnCamera, f"/cameras/{camera_id}")
    return found


async def partner_names(api: Api, found: OwnCamera) -> list[str]:
    return [(await api.get(OrgCard, f"/orgs/{org}")).name for org in found.partner_org_ids]


async def save_camera(
    api: Api, form: CameraForm, camera_id: uuid.UUID | None, thumbnail: FilePart | None
) -> Saved:
    """Creates (``camera_id`` None) or replaces the camera, then sets its thumbnail if one
    was chosen; each refusal comes back at its field."""
    partners, errors = await _partners(api, form.partner_names)
    if errors := errors | form.problems():
        return Saved(camera_id, errors)
    method, path = ("PUT", f"/cameras/{camera_id}") if camera_id else ("POST", "/cameras")
    try:
        saved = await api.send(method, path, form.body(partners))
    except ApiProblem as refused:
        if refused.status not in REFUSED:
            raise
        return Saved(camera_id, form_errors(refused.problem))
    saved_id = uuid.UUID(saved["id"])
    if thumbnail is None:
        return Saved(saved_id)
    try:
        await api.upload("PUT", f"/cameras/{saved_id}/thumbnail", thumbnail)
    except ApiProblem as refused:
        if refused.status not in (*REFUSED, 413):
            raise
        return Saved(
            saved_id, {"thumbnail": f"The picture was not kept: {refused.problem.message}"}
        )
    return Saved(saved_id)


async def _partners(api: Api, names: list[str]) -> tuple[list[uuid.UUID], dict[str, str]]:
    """Each typed name's organization, or what to say about the first that picks none."""
    found: list[uuid.UUID] = []
    for name in names:
        cards = await api.get(OrgCards, "/orgs", name=name[:200], limit=10)
        org, problem = partner_to_add(name, list(cards.items))
        if problem:
            return [], {"partners": problem}
        assert org is not None
        found.append(org.id)
    return list(dict.fromkeys(found)), {}


async def move_cameras(api: Api, group: str, camera_ids: list[str]) -> None:
    """Into the group with this id, or out of any group ("")."""
    path = f"/camera-groups/{group}/cameras" if group else "/camera-groups/ungroup"
    await api.send("POST", path, {"camera_ids": camera_ids})


async def save_group(api: Api, name: str, group_id: uuid.UUID | None) -> None:
    """A new group, or a group renamed (its approvers kept: a PUT replaces both)."""
    if group_id is None:
        await api.send("POST", "/camera-groups", {"name": name})
        return
    current = next((g for g in (await groups(api)).items if g.id == group_id), None)
    approvers = [str(user) for user in current.approver_user_ids] if current else []
    await api.send(
        "PUT", f"/camera-groups/{group_id}", {"name": name, "approver_user_ids": approvers}
    )
