"""An owner organization's request settings: approvers, auto-approved partners, export
before approval, maximum span and SLA."""

from __future__ import annotations

import uuid
from typing import Annotated

from annotated_types import Ge, Le
from custody_contracts.grpc import registry_pb2
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import Count, UniqueIds


class RequestSettingsBase(BaseModel):
    approver_user_ids: UniqueIds = Field(default_factory=list, max_length=100)
    auto_approve_org_ids: UniqueIds = Field(default_factory=list, max_length=100)
    export_before_approval: bool = False
    max_span_hours: Annotated[Count, Ge(1), Le(744)] = 12
    sla_hours: Annotated[Count, Le(2160)] = 0


class RequestSettingsUpdate(RequestSettingsBase):
    def to_proto(self) -> registry_pb2.RequestSettings:
        return registry_pb2.RequestSettings(
            approver_user_ids=[str(user) for user in self.approver_user_ids],
            auto_approve_org_ids=[str(org) for org in self.auto_approve_org_ids],
            export_before_approval=self.export_before_approval,
            max_span_hours=self.max_span_hours,
            sla_hours=self.sla_hours,
        )


class RequestSettingsPublic(RequestSettingsBase):
    org_id: uuid.UUID


def settings_public(settings: registry_pb2.RequestSettings) -> RequestSettingsPublic:
    return RequestSettingsPublic(
        org_id=uuid.UUID(settings.org_id),
        approver_user_ids=[uuid.UUID(user) for user in settings.approver_user_ids],
        auto_approve_org_ids=[uuid.UUID(org) for org in settings.auto_approve_org_ids],
        export_before_approval=settings.export_before_approval,
        max_span_hours=settings.max_span_hours,
        sla_hours=settings.sla_hours,
    )


class CameraTermsPublic(BaseModel):
    """What a requester may know of a camera owner's policy before asking: never who
    approves or which partners are approved at once."""

    camera_id: uuid.UUID
    camera_name: str
    owner_org_id: uuid.UUID
    max_span_hours: int
    sla_hours: int
    retention_days: int  # 0 = not stated


class RequestTermsPublic(BaseModel):
    items: list[CameraTermsPublic]
    count: int


def terms_public(response: registry_pb2.GetRequestPoliciesResponse) -> RequestTermsPublic:
    items = [
        CameraTermsPublic(
            camera_id=uuid.UUID(policy.camera_id),
            camera_name=policy.camera_name,
            owner_org_id=uuid.UUID(policy.owner_org_id),
            max_span_hours=policy.max_span_hours,
            sla_hours=policy.sla_hours,
            retention_days=policy.retention_days,
        )
        for policy in response.policies
    ]
    return RequestTermsPublic(items=items, count=len(items))
