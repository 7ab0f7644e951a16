"""The registry, seen through its gRPC contract only, asked as the caller so visibility holds."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

from custody_contracts.grpc import registry_pb2, registry_pb2_grpc
from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound
from custody_platform.grpc import GrpcClient, call_metadata, domain_errors

from video_requests.domain.policies import DEFAULT_MAX_SPAN, CameraPolicy
from video_requests.service_layer.ports import CheckedForm


class RegistryClient:
    """PolicyDirectory and FormChecker over Registry.GetRequestPolicies / ValidateFormSubmission."""

    def __init__(self, client: GrpcClient, target: str) -> None:
        self._client = client
        self._target = target

    def _stub(self) -> registry_pb2_grpc.RegistryStub:
        # The channel is opened lazily: bootstrap runs before the event loop does.
        return registry_pb2_grpc.RegistryStub(self._client.channel(self._target))

    async def policies(
        self, camera_ids: Sequence[uuid.UUID], principal: Principal
    ) -> dict[uuid.UUID, CameraPolicy]:
        request = registry_pb2.GetRequestPoliciesRequest(camera_ids=[str(c) for c in camera_ids])
        try:
            with domain_errors():
                reply = await self._stub().GetRequestPolicies(
                    request, metadata=call_metadata(principal)
                )
        except NotFound as error:
            raise InvalidArgument(f"camera not found: {error}") from None
        return {policy.camera_id: policy for policy in map(_policy, reply.policies)}

    async def check(
        self, owner_org_id: uuid.UUID, answers_json: str, principal: Principal
    ) -> CheckedForm:
        request = registry_pb2.ValidateFormSubmissionRequest(
            owner_org_id=str(owner_org_id), answers_json=answers_json
        )
        with domain_errors():
            reply = await self._stub().ValidateFormSubmission(
                request, metadata=call_metadata(principal)
            )
        version = uuid.UUID(reply.form_version_id) if reply.form_version_id else None
        return CheckedForm(version, reply.normalized_answers_json or answers_json)


def _policy(message: registry_pb2.CameraRequestPolicy) -> CameraPolicy:
    return CameraPolicy(
        camera_id=uuid.UUID(message.camera_id),
        owner_org_id=uuid.UUID(message.owner_org_id),
        device_id=_exporting_device(message),
        channel=message.channel,
        vms_camera_ref=message.vms_camera_ref or None,
        camera_name=message.camera_name,
        camera_latitude=message.camera_latitude if message.camera_name else None,
        camera_longitude=message.camera_longitude if message.camera_name else None,
        approver_user_ids=tuple(uuid.UUID(u) for u in message.approver_user_ids),
        auto_approve_org_ids=frozenset(uuid.UUID(o) for o in message.auto_approve_org_ids),
        export_before_approval=message.export_before_approval,
        max_span=timedelta(hours=message.max_span_hours)
        if message.max_span_hours
        else DEFAULT_MAX_SPAN,
        sla=timedelta(hours=message.sla_hours) if message.sla_hours else None,
        retention=timedelta(days=message.retention_days) if message.retention_days else None,
    )


def _exporting_device(message: registry_pb2.CameraRequestPolicy) -> uuid.UUID | None:
    """A VMS-bound camera is exported by its VMS connector device, by camera reference."""
    bound = message.vms_device_id if message.vms_camera_ref else message.device_id
    return uuid.UUID(bound) if bound else None
