"""The Registry gRPC servicer: parse the request, call one use case, map the result."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from custody_contracts.grpc import registry_pb2 as pb
from custody_contracts.grpc import registry_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from registry.domain.search import Filters, SearchPage, SearchQuery, box_query, search_query
from registry.entrypoints import messages as m
from registry.service_layer import bulk, cameras, forms, groups, policies, thumbnails


class RegistryServicer(registry_pb2_grpc.RegistryServicer):
    def __init__(self, uow_factory: Callable[[], UnitOfWork], store: ObjectStore) -> None:
        self._uow = uow_factory
        self._store = store

    async def CreateCamera(self, request: pb.CreateCameraRequest, context: Any) -> pb.Camera:
        camera = await cameras.create_camera(
            self._uow(), current_principal(), m.camera_spec(request)
        )
        return m.camera_message(camera)

    async def GetCamera(self, request: pb.GetCameraRequest, context: Any) -> pb.Camera:
        camera_id = m.parse_uuid(request.id, "id")
        return m.camera_message(
            await cameras.get_camera(self._uow(), current_principal(), camera_id)
        )

    async def UpdateCamera(self, request: pb.UpdateCameraRequest, context: Any) -> pb.Camera:
        camera_id, spec = m.parse_uuid(request.id, "id"), m.camera_spec(request.camera)
        camera = await cameras.update_camera(self._uow(), current_principal(), camera_id, spec)
        return m.camera_message(camera)

    async def RetireCamera(self, request: pb.RetireCameraRequest, context: Any) -> pb.Camera:
        camera_id = m.parse_uuid(request.id, "id")
        camera = await cameras.retire_camera(self._uow(), current_principal(), camera_id)
        return m.camera_message(camera)

    async def SearchCameras(
        self, request: pb.SearchCamerasRequest, context: Any
    ) -> pb.SearchCamerasResponse:
        page = await cameras.search_cameras(self._uow(), current_principal(), _query(request))
        return _page_message(page)

    async def GetRequestPolicies(
        self, request: pb.GetRequestPoliciesRequest, context: Any
    ) -> pb.GetRequestPoliciesResponse:
        camera_ids = m.uuids(request.camera_ids, "camera_ids")
        found = await policies.request_policies(self._uow(), current_principal(), camera_ids)
        return pb.GetRequestPoliciesResponse(policies=[m.policy_message(p) for p in found])

    async def ValidateFormSubmission(
        self, request: pb.ValidateFormSubmissionRequest, context: Any
    ) -> pb.ValidateFormSubmissionResponse:
        current_principal()  # signed-in callers only
        owner = m.parse_uuid(request.owner_org_id, "owner_org_id")
        version_id = m.optional_uuid(request.form_version_id, "form_version_id")
        form, answers = await forms.validate_submission(
            self._uow(), owner, version_id, request.answers_json
        )
        return pb.ValidateFormSubmissionResponse(
            form_version_id=str(form.id) if form else "",
            normalized_answers_json=json.dumps(answers, sort_keys=True),
        )

    async def CreateCameraGroup(self, request: pb.CameraGroupSpec, context: Any) -> pb.CameraGroup:
        approvers = m.uuids(request.approver_user_ids, "approver_user_ids")
        group = await groups.create_group(self._uow(), current_principal(), request.name, approvers)
        return m.group_message(group)

    async def UpdateCameraGroup(
        self, request: pb.UpdateCameraGroupRequest, context: Any
    ) -> pb.CameraGroup:
        group_id = m.parse_uuid(request.id, "id")
        approvers = m.uuids(request.group.approver_user_ids, "approver_user_ids")
        group = await groups.update_group(
            self._uow(), current_principal(), group_id, request.group.name, approvers
        )
        return m.group_message(group)

    async def ListCameraGroups(
        self, request: pb.ListCameraGroupsRequest, context: Any
    ) -> pb.ListCameraGroupsResponse:
        found = await groups.list_groups(self._uow(), current_principal())
        return pb.ListCameraGroupsResponse(groups=[m.group_message(g, n) for g, n in found])

    async def AssignCamerasToGroup(
        self, request: pb.AssignCamerasToGroupRequest, context: Any
    ) -> pb.AssignCamerasToGroupResponse:
        group_id = m.optional_uuid(request.group_id, "group_id")
        camera_ids = m.uuids(request.camera_ids, "camera_ids")
        assigned = await groups.assign_cameras(
            self._uow(), current_principal(), group_id, camera_ids
        )
        return pb.AssignCamerasToGroupResponse(camera_ids=m.strings(assigned))

    async def GetRequestSettings(
        self, request: pb.GetRequestSettingsRequest, context: Any
    ) -> pb.RequestSettings:
        return m.settings_message(await policies.get_settings(self._uow(), current_principal()))

    async def PutRequestSettings(
        self, request: pb.RequestSettings, context: Any
    ) -> pb.RequestSettings:
        principal = current_principal()
        wanted = m.settings_from(request, principal.org_id)
        return m.settings_message(await policies.put_settings(self._uow(), principal, wanted))

    async def PublishRequestForm(
        self, request: pb.PublishRequestFormRequest, context: Any
    ) -> pb.RequestFormVersion:
        fields = tuple(m.form_field(f) for f in request.fields)
        form = await forms.publish_form(self._uow(), current_principal(), request.title, fields)
        return m.form_message(form)

    async def ListRequestForms(
        self, request: pb.ListRequestFormsRequest, context: Any
    ) -> pb.ListRequestFormsResponse:
        found = await forms.list_forms(self._uow(), current_principal())
        return pb.ListRequestFormsResponse(versions=[m.form_message(f) for f in found])

    async def GetRequestForm(
        self, request: pb.GetRequestFormRequest, context: Any
    ) -> pb.RequestFormVersion:
        current_principal()  # signed-in callers only
        owner = m.parse_uuid(request.owner_org_id, "owner_org_id")
        version_id = m.optional_uuid(request.version_id, "version_id")
        return m.form_message(await forms.get_form(self._uow(), owner, version_id))

    async def SetThumbnail(self, request: pb.SetThumbnailRequest, context: Any) -> pb.Camera:
        camera_id = m.parse_uuid(request.camera_id, "camera_id")
        camera = await thumbnails.set_thumbnail(
            self._uow(), self._store, current_principal(), camera_id, request.image
        )
        return m.camera_message(camera)

    async def GetThumbnail(self, request: pb.GetThumbnailRequest, context: Any) -> pb.Thumbnail:
        camera_id = m.parse_uuid(request.camera_id, "camera_id")
        jpeg, sha256 = await thumbnails.get_thumbnail(
            self._uow(), self._store, current_principal(), camera_id
        )
        return pb.Thumbnail(jpeg=jpeg, sha256=sha256)

    async def ImportCameras(
        self, request: pb.ImportCamerasRequest, context: Any
    ) -> pb.ImportCamerasResponse:
        result = await bulk.import_cameras(
            self._uow(), current_principal(), request.format, request.data, dry_run=request.dry_run
        )
        return pb.ImportCamerasResponse(
            valid_rows=result.valid_rows,
            problems=[pb.RowProblem(line=p.line, reason=p.reason) for p in result.problems],
            camera_ids=m.strings(result.camera_ids),
        )

    async def ExportCameras(
        self, request: pb.ExportCamerasRequest, context: Any
    ) -> pb.ExportCamerasResponse:
        data, content_type = await bulk.export_cameras(
            self._uow(), current_principal(), request.format
        )
        return pb.ExportCamerasResponse(data=data, content_type=content_type)


def _query(request: pb.SearchCamerasRequest) -> SearchQuery:
    filters = Filters(
        text=request.text,
        kinds=tuple(request.kinds),
        owner_org_id=m.optional_uuid(request.owner_org_id, "owner_org_id"),
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
