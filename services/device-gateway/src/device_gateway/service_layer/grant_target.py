"""An upload under an upload grant goes into the grant's case; the stored file is an
UploadCompleted. The grant is locked while it is read, so its limits hold under concurrency."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from custody_contracts.events.device_gateway import UploadCompleted
from custody_platform.errors import Unauthenticated
from custody_platform.objectstore import ObjectInfo
from custody_platform.unit_of_work import Actor, UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Upload, UploadGrant, utcnow
from device_gateway.domain.grants import GrantHolder, GrantSource, GrantUsage, check_new_file
from device_gateway.domain.tus import UploadRequest, upload_request
from device_gateway.service_layer.grants import grant_actor, limits_of
from device_gateway.service_layer.targets import UploadTarget, loaded, upload_row


class GrantTarget(UploadTarget):
    def __init__(self, holder: GrantHolder) -> None:
        self.holder = holder
        self.caller = Actor(
            "public", f"grant:{holder.grant_id}", holder.org_id, holder.source_address
        )
        self.public = holder.source == GrantSource.PUBLIC
        self.source_address = holder.source_address
        self._grant: UploadGrant | None = None

    @property
    def grant(self) -> UploadGrant:
        grant: UploadGrant = loaded(self._grant, "grant")
        return grant

    @property
    def actor(self) -> Actor:
        return grant_actor(self.grant, self.holder)

    @property
    def allowed_media_types(self) -> tuple[str, ...]:
        return tuple(self.grant.allowed_media_types)

    def upload_request(self, length: int, pairs: dict[str, str]) -> UploadRequest:
        return upload_request(length, pairs, device=False)

    async def find(self, uow: UnitOfWork, upload_id: uuid.UUID, *, lock: bool) -> Upload | None:
        return await repository.grant_upload(
            uow.session, upload_id, self.holder.grant_id, lock=lock
        )

    async def admit(self, uow: UnitOfWork, meta: UploadRequest) -> None:
        """The grant's files, sizes and declared media type."""
        await self._load(uow)
        files, total = await repository.grant_usage(uow.session, self.grant.id)
        usage = GrantUsage(files, total)
        check_new_file(limits_of(self.grant), usage, meta.length, meta.content_type)

    async def load(self, uow: UnitOfWork, upload: Upload) -> None:
        await self._load(uow)

    async def _load(self, uow: UnitOfWork) -> None:
        grant = await repository.grant(uow.session, self.holder.grant_id, lock=True)
        if grant is None:
            raise Unauthenticated("unknown upload grant")
        self._grant = grant
        self.check_open()

    def subject(self, upload: Upload) -> dict[str, Any]:
        return {"object_type": "upload", "object_id": upload.id, "org_ids": (self.grant.org_id,)}

    def new_upload(self, meta: UploadRequest, *, expires_at: datetime) -> Upload:
        public = self.grant.source == GrantSource.PUBLIC
        return upload_row(
            meta,
            expires_at,
            grant_id=self.grant.id,
            uploaded_by="public" if public else self.grant.created_by,
            contributor_name=meta.contributor_name,
            contributor_contact=meta.contributor_contact,
        )

    def check_open(self) -> None:
        if self.grant.revoked or self.grant.expires_at <= utcnow():
            raise Unauthenticated("the upload grant was revoked or expired")

    def count(self, info: ObjectInfo) -> None:
        self.grant.files_uploaded += 1
        self.grant.bytes_uploaded += info.size

    def owner_details(self) -> dict[str, str]:
        return {"case_id": str(self.grant.case_id), "grant_id": str(self.grant.id)}

    def announcement(self, upload: Upload, info: ObjectInfo) -> UploadCompleted:
        grant = self.grant
        return UploadCompleted(
            upload_id=upload.id,
            grant_id=grant.id,
            org_id=grant.org_id,
            case_id=grant.case_id,
            source=grant.source,  # type: ignore[arg-type]
            object_key=info.key,
            sha256=info.sha256,
            size=info.size,
            filename=upload.filename,
            content_type=upload.content_type,
            uploaded_by=upload.uploaded_by or "public",
            contributor_name=upload.contributor_name,
            contributor_contact=upload.contributor_contact,
            file_request_id=grant.file_request_id,
            occurred_at=utcnow(),
        )
