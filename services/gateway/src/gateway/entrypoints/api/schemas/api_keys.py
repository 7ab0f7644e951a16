"""API keys of service accounts, as the API shows them: never the secret, except once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from gateway.adapters.orm import ApiKey
from gateway.domain.api_keys import SCOPES
from gateway.entrypoints.api.schemas.common import Moment, Name, no_duplicates

Scopes = Annotated[
    list[Annotated[str, Field(pattern=r"^[a-z_]{1,64}$", max_length=64)]],
    AfterValidator(no_duplicates),
    Field(
        min_length=1,
        max_length=len(SCOPES),
        json_schema_extra={"uniqueItems": True},
        description="Operation ids the key may call (GET /api-keys/scopes lists them).",
    ),
]


class ApiKeyCreate(BaseModel):
    name: Name = Field(min_length=1, max_length=100, description="e.g. the CAD system's name")
    scopes: Scopes
    expires_at: Moment = Field(description="Required; at most 365 days ahead.")
    requests_per_minute: int = Field(default=600, ge=1, le=6000)


class ApiKeyPublic(BaseModel):
    id: uuid.UUID = Field(description="The service account's id, the actor in audit records.")
    name: str
    prefix: str = Field(description="The key's visible start, e.g. cak_1f2e3d4c5b6a7988")
    scopes: list[str]
    requests_per_minute: int
    created_by: uuid.UUID
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None = Field(description="Within a minute.")
    status: Literal["active", "expired", "revoked"]


class ApiKeyWithSecret(ApiKeyPublic):
    secret: str = Field(description="The whole key: shown in this answer only, never again.")


class ApiKeysPublic(BaseModel):
    items: list[ApiKeyPublic]
    count: int


class ApiKeyScope(BaseModel):
    operation: str
    method: str
    path: str
    summary: str


class ApiKeyScopesPublic(BaseModel):
    items: list[ApiKeyScope]


def api_key_public(key: ApiKey) -> ApiKeyPublic:
    return ApiKeyPublic(**_fields(key))


def api_key_with_secret(key: ApiKey, secret: str) -> ApiKeyWithSecret:
    return ApiKeyWithSecret(**_fields(key), secret=secret)


def _fields(key: ApiKey) -> dict[str, object]:
    fields = key.model_dump(exclude={"org_id", "secret_sha256"})
    fields["status"] = _status(key)
    return fields


def _status(key: ApiKey) -> Literal["active", "expired", "revoked"]:
    if key.revoked_at is not None:
        return "revoked"
    return "expired" if key.expires_at <= datetime.now(UTC) else "active"
