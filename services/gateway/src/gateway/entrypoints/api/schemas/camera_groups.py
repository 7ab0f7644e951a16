"""Camera groups: named sets of an organization's cameras, with their own approvers."""

from __future__ import annotations

import uuid

from custody_contracts.grpc import registry_pb2
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import Name, UniqueIds


class CameraGroupCreate(BaseModel):
    name: Name = Field(min_length=1, max_length=100)
    approver_user_ids: UniqueIds = Field(default_factory=list, max_length=100)

    def to_proto(self) -> registry_pb2.CameraGroupSpec:
        approvers = [str(user) for user in self.approver_user_ids]
        return registry_pb2.CameraGroupSpec(name=self.name, approver_user_ids=approvers)


CameraGroupUpdate = CameraGroupCreate


class CameraGroupPublic(BaseModel):
    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    approver_user_ids: list[uuid.UUID]
    camera_count: int


class CameraGroupsPublic(BaseModel):
    items: list[CameraGroupPublic]
    count: int


class CameraAssignment(BaseModel):
    camera_ids: UniqueIds = Field(min_length=1, max_length=1000)


class CameraAssignmentPublic(BaseModel):
    group_id: uuid.UUID | None
    camera_ids: list[uuid.UUID]


def group_public(group: registry_pb2.CameraGroup) -> CameraGroupPublic:
    return CameraGroupPublic(
        id=uuid.UUID(group.id),
        org_id=uuid.UUID(group.org_id),
        name=group.name,
        approver_user_ids=[uuid.UUID(user) for user in group.approver_user_ids],
        camera_count=group.camera_count,
    )
