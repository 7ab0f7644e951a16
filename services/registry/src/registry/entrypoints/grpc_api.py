"""The Registry gRPC servicer: parse the request, call one use case, map the result.

Each method owns its unit of work: it opens it, hands it to one use case, and commits when the
use case changes state. Domain objects are plain dataclasses, so they map after the block.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from custody_contracts.grpc import registry_pb2 as pb
from custody_contracts.grpc import registry_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import optional_uuid, parse_uuid, parse_uuids
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from registry.domain.listing import list_query
from registry.domain.search import Filters, SearchPage, SearchQuery, box_query, search_query
from registry.entrypoints import mappers as m
from registry.service_layer import bulk, cameras, forms, groups, policies, thumbnails
from registry.service_layer.map import map_view
from registry.service_layer.ports import DeviceDirectory, Identity
from registry.service_layer.references import CameraDirectory


@dataclass(frozen=True)
class Dependencies:
    uow: Callable[[], UnitOfWork]
    store: ObjectStore  # thumbnails
    members: Identity  # approvers are members of the caller's organization; partners exist
    devices: DeviceDirectory  # a camera's devices are the caller's organization's


class RegistryServicer(registry_pb2_grpc.RegistryServicer):
    def __init__(self, deps: Dependencies) -> None:
        self._uow = deps.uow
        self._store = deps.store
        self._members = deps.members
        self._camera_refs = CameraDirectory(devices=deps.devices, orgs=deps.members)

    async def CreateCamera(self, request: pb.CreateCameraRequest, context: Any) -> pb.Camera:
        principal, spec = current_principal(), m.camera_spec(request)
        async with self._uow() as uow:
            camera = await cameras.create_camera(uow, self._camera_refs, principal, spec)
            await uow.commit()
        return m.camera_message(camera)

    async def GetCamera(self, request: pb.GetCameraRequest, context: Any) -> pb.Camera:
        camera_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            camera = await cameras.get_camera(uow, current_principal(), camera_id)
        return m.camera_message(camera)

    async def UpdateCamera(self, request: pb.UpdateCameraRequest, context: Any) -> pb.Camera:
        camera_id, spec = parse_uuid(request.id, "id"), m.camera_spec(request.camera)
        async with self._uow() as uow:
            camera = await cameras.update_camera(
                uow, self._camera_refs, current_principal(), camera_id, spec
            )
            await uow.commit()
        return m.camera_message(camera)

    async def RetireCamera(self, request: pb.RetireCameraRequest, context: Any) -> pb.Camera:
        camera_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            camera = await cameras.retire_camera(uow, current_principal(), camera_id)
            await uow.commit()
        return m.camera_message(camera)

    async def SearchCameras(
        self, request: pb.SearchCamerasRequest, context: Any
    ) -> pb.SearchCamerasResponse:
        principal, query = current_principal(), _query(request)
        async with self._uow() as uow:
            page = await cameras.search_cameras(uow, principal, query)
        return _page_message(page)

    async def MapCameras(
        self, request: pb.MapCamerasRequest, context: Any
    ) -> pb.MapCamerasResponse:
        principal, query = current_principal(), m.map_query_of(request)
        async with self._uow() as uow:
            view = await map_view(uow, principal, query)
        return m.map_message(view)

    async def GetRequestPolicies(
        self, request: pb.GetRequestPoliciesRequest, context: Any
    ) -> pb.GetRequestPoliciesResponse:
        camera_ids = parse_uuids(request.camera_ids, "camera_ids")
        async with self._uow() as uow:
            found = await policies.request_policies(uow, current_principal(), camera_ids)
        return pb.GetRequestPoliciesResponse(policies=[m.policy_message(p) for p in found])

    async def ValidateFormSubmission(
        self, request: pb.ValidateFormSubmissionRequest, context: Any
    ) -> pb.ValidateFormSubmissionResponse:
        current_principal()  # signed-in callers only
        owner = parse_uuid(request.owner_org_id, "owner_org_id")
        version_id = optional_uuid(request.form_version_id, "form_version_id")
        async with self._uow() as uow:
            form, answers = await forms.validate_submission(
                uow, owner, version_id, request.answers_json
            )
        return pb.ValidateFormSubmissionResponse(
            form_version_id=str(form.id) if form else "",
            normalized_answers_json=json.dumps(answers, sort_keys=True),
        )

    async def CreateCameraGroup(self, request: pb.CameraGroupSpec, context: Any) -> pb.CameraGroup:
        approvers = parse_uuids(request.approver_user_ids, "approver_user_ids")
        async with self._uow() as uow:
            group = await groups.create_group(
                uow, self._members, current_principal(), request.name, approvers
            )
            await uow.commit()
        return m.group_message(group)

    async def UpdateCameraGroup(
        self, request: pb.UpdateCameraGroupRequest, context: Any
    ) -> pb.CameraGroup:
        group_id = parse_uuid(request.id, "id")
        approvers = parse_uuids(request.group.approver_user_ids, "approver_user_ids")
        async with self._uow() as uow:
            group = await groups.update_group(
                uow, self._members, current_principal(), group_id, request.group.name, approvers
            )
            await uow.commit()
        return m.group_message(group)

    async def ListCameraGroups(
        self, request: pb.ListCameraGroupsRequest, context: Any
    ) -> pb.ListCameraGroupsResponse:
        async with self._uow() as uow:
            found = await groups.list_groups(uow, current_principal())
        return pb.ListCameraGroupsResponse(groups=[m.group_message(g, n) for g, n in found])

    async def AssignCamerasToGroup(
        self, request: pb.AssignCamerasToGroupRequest, context: Any
    ) -> pb.AssignCamerasToGroupResponse:
        group_id = optional_uuid(request.group_id, "group_id")
        camera_ids = parse_uuids(request.camera_ids, "camera_ids")
        async with self._uow() as uow:
            assigned = await groups.assign_cameras(uow, current_principal(), group_id, camera_ids)
            await uow.commit()
        return pb.AssignCamerasToGroupResponse(camera_ids=m.strings(assigned))

    async def GetRequestSettings(
        self, request: pb.GetRequestSettingsRequest, context: Any
    ) -> pb.RequestSettings:
        async with self._uow() as uow:
            settings = await policies.get_settings(uow, current_principal())
        return m.settings_message(settings)

    async def PutRequestSettings(
        self, request: pb.RequestSettings, context: Any
    ) -> pb.RequestSettings:
        principal = current_principal()
        wanted = m.settings_from(request, principal.org_id)
        async with self._uow() as uow:
            saved = await policies.put_settings(uow, self._members, principal, wanted)
            await uow.commit()
        return m.settings_message(saved)

    async def PublishRequestForm(
        self, request: pb.PublishRequestFormRequest, context: Any
    ) -> pb.RequestFormVersion:
        fields = tuple(m.form_field(f) for f in request.fields)
        async with self._uow() as uow:
            form = await forms.publish_form(uow, current_principal(), request.title, fields)
            await uow.commit()
        return m.form_message(form)

    async def ListRequestForms(
        self, request: pb.ListRequestFormsRequest, context: Any
    ) -> pb.ListRequestFormsResponse:
        async with self._uow() as uow:
            found = await forms.list_forms(uow, current_principal())
        return pb.ListRequestFormsResponse(versions=[m.form_message(f) for f in found])

    async def GetRequestForm(
        self, request: pb.GetRequestFormRequest, context: Any
    ) -> pb.RequestFormVersion:
        current_principal()  # signed-in callers only
        owner = parse_uuid(request.owner_org_id, "owner_org_id")
        version_id = optional_uuid(request.version_id, "version_id")
        async with self._uow() as uow:
            form = await forms.get_form(uow, owner, version_id)
        return m.form_message(form)

    async def SetThumbnail(self, request: pb.SetThumbnailRequest, context: Any) -> pb.Camera:
        camera_id = parse_uuid(request.camera_id, "camera_id")
        async with self._uow() as uow:
            camera = await thumbnails.set_thumbnail(
                uow, self._store, current_principal(), camera_id, request.image
            )
            await uow.commit()
        return m.camera_message(camera)

    async def GetThumbnail(self, request: pb.GetThumbnailRequest, context: Any) -> pb.Thumbnail:
        camera_id = parse_uuid(request.camera_id, "camera_id")
        async with self._uow() as uow:
            jpeg, sha256 = await thumbnails.get_thumbnail(
                uow, self._store, current_principal(), camera_id
            )
        return pb.Thumbnail(jpeg=jpeg, sha256=sha256)

    async def ImportCameras(
        self, request: pb.ImportCamerasRequest, context: Any
    ) -> pb.ImportCamerasResponse:
        async with self._uow() as uow:
            result = await bulk.import_cameras(
                uow,
                self._camera_refs,
                current_principal(),
                request.format,
                request.data,
                dry_run=request.dry_run,
            )
            await uow.commit()  # nothing pending on a dry run or when any row is bad
        return pb.ImportCamerasResponse(
            valid_rows=result.valid_rows,
            problems=[pb.RowProblem(line=p.line, reason=p.reason) for p in result.problems],
            camera_ids=m.strings(result.camera_ids),
        )

    async def ExportCameras(
        self, request: pb.ExportCamerasRequest, context: Any
    ) -> pb.ExportCamerasResponse:
        async with self._uow() as uow:
            data, content_type = await bulk.export_cameras(uow, current_principal(), request.format)
        return pb.ExportCamerasResponse(data=data, content_type=content_type)

    async def ListCameras(
        self, request: pb.ListCamerasRequest, context: Any
    ) -> pb.ListCamerasResponse:
        group_id = optional_uuid(request.group_id, "group_id")
        query = list_query(
            request.text, group_id, request.status, request.limit, request.cursor,
            ungrouped=request.ungrouped,
        )  # fmt: skip
        async with self._uow() as uow:
            found = await cameras.list_cameras(uow, current_principal(), query)
        return pb.ListCamerasResponse(
            cameras=[m.camera_message(c) for c in found.cameras],
            next_cursor=found.next_cursor,
            total=found.total,
        )


def _query(request: pb.SearchCamerasRequest) -> SearchQuery:
    filters = Filters(
        text=request.text,
        kinds=tuple(request.kinds),
        owner_org_id=optional_uuid(request.owner_org_id, "owner_org_id"),
        limit=request.limit,
        cursor=request.cursor,
    )
    if request.HasField("box") and not request.radius_m:
        b = request.box
        return box_query(b.min_latitude, b.min_longitude, b.max_latitude, b.max_longitude, filters)
    return search_query(request.latitude, request.longitude, request.radius_m, filters=filters)


def _page_message(page: SearchPage) -> pb.SearchCamerasResponse:
    hits = [
        pb.CameraHit(camera=m.camera_message(h.camera), distance_m=h.distance_m) for h in page.hits
    ]
    return pb.SearchCamerasResponse(hits=hits, next_cursor=page.next_cursor)
