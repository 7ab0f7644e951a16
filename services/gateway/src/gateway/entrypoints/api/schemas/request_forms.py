"""Versioned request forms an owner organization asks requesters to fill in."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from annotated_types import Ge, Le
from custody_contracts.grpc import registry_pb2
from custody_platform.grpc.fields import read_optional, read_time
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import Line, Name, Real, Text

Bound = Annotated[Real, Ge(-1e15), Le(1e15)]
Option = Annotated[Name, Field(min_length=1, max_length=200)]
FieldType = Literal[
    "text",
    "long_text",
    "number",
    "date",
    "datetime",
    "single_select",
    "multi_select",
    "checkbox",
    "attachment",
]


class FormFieldSpec(BaseModel):
    key: Line = Field(min_length=1, max_length=63)
    label: Name = Field(min_length=1, max_length=200)
    type: FieldType
    required: bool = False
    help_text: Text = Field(default="", max_length=1000)
    pattern: Line = Field(default="", max_length=500)
    min: Bound | None = None  # number: value; text: length; multi_select: count
    max: Bound | None = None
    options: list[Option] = Field(default_factory=list, max_length=100)

    def to_proto(self) -> registry_pb2.FormField:
        return registry_pb2.FormField(**self.model_dump())


class FormFieldPublic(BaseModel):
    """A field as it was published (the spec's bounds applied then, not now)."""

    key: str
    label: str
    type: str
    required: bool
    help_text: str
    pattern: str
    min: float | None
    max: float | None
    options: list[str]


class RequestFormCreate(BaseModel):
    title: Name = Field(min_length=1, max_length=200)
    fields: list[FormFieldSpec] = Field(min_length=1, max_length=100)

    def to_proto(self) -> registry_pb2.PublishRequestFormRequest:
        return registry_pb2.PublishRequestFormRequest(
            title=self.title, fields=[f.to_proto() for f in self.fields]
        )


class RequestFormPublic(BaseModel):
    id: uuid.UUID
    org_id: uuid.UUID
    version: int
    title: str
    fields: list[FormFieldPublic]
    published_at: datetime | None
    published_by: uuid.UUID | None = None  # who published it: for its own organization only


class RequestFormsPublic(BaseModel):
    items: list[RequestFormPublic]
    count: int


def _field(f: registry_pb2.FormField) -> FormFieldPublic:
    return FormFieldPublic(
        key=f.key,
        label=f.label,
        type=f.type,
        required=f.required,
        help_text=f.help_text,
        pattern=f.pattern,
        min=read_optional(f, "min"),
        max=read_optional(f, "max"),
        options=list(f.options),
    )


def form_public(form: registry_pb2.RequestFormVersion, caller_org: uuid.UUID) -> RequestFormPublic:
    own = form.org_id == str(caller_org) and form.published_by
    return RequestFormPublic(
        id=uuid.UUID(form.id),
        org_id=uuid.UUID(form.org_id),
        version=form.version,
        title=form.title,
        fields=[_field(f) for f in form.fields],
        published_at=read_time(form, "published_at"),
        published_by=uuid.UUID(form.published_by) if own else None,
    )
