"""What an upload answers: a device's export command (`ExportTarget`) or an upload grant's
case (`GrantTarget`). The tus dependency resolves the uploader's credential to one target
once per request; the upload path then only calls its methods. `admit` (a new upload) or
`load` (an existing one) reads and locks the command or grant the other methods work on."""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any

from custody_contracts.events import Event
from custody_platform.objectstore import ObjectInfo
from custody_platform.unit_of_work import Actor, UnitOfWork

from device_gateway.adapters.orm import Upload
from device_gateway.domain.tus import UploadRequest


class UploadTarget(ABC):
    caller: Actor  # who sent the request (the termination of an upload is theirs)
    public: bool = False  # public contributors are rate-limited per address
    source_address: str | None = None

    @abstractmethod
    def upload_request(self, length: int, pairs: dict[str, str]) -> UploadRequest:
        """What the uploader declares in Upload-Length and Upload-Metadata."""

    @abstractmethod
    async def find(self, uow: UnitOfWork, upload_id: uuid.UUID, *, lock: bool) -> Upload | None:
        """One of this uploader's uploads; another's is None, never an error."""

    @abstractmethod
    async def admit(self, uow: UnitOfWork, meta: UploadRequest) -> None:
        """Loads the target of a new upload and checks its limits."""

    @abstractmethod
    async def load(self, uow: UnitOfWork, upload: Upload) -> None:
        """Loads the target of an existing upload."""

    @property
    @abstractmethod
    def actor(self) -> Actor:
        """Whom the upload's custody records name."""

    @property
    @abstractmethod
    def allowed_media_types(self) -> tuple[str, ...]: ...

    @abstractmethod
    def subject(self, upload: Upload) -> dict[str, Any]:
        """The audit subject: the upload, visible to the organizations concerned."""

    @abstractmethod
    def new_upload(self, meta: UploadRequest, *, expires_at: datetime) -> Upload: ...

    @abstractmethod
    def check_open(self) -> None:
        """Raises when the target takes no more files (a closed command, a revoked grant)."""

    def close(self, uow: UnitOfWork, upload: Upload, info: ObjectInfo) -> None:
        """The verified file is stored: the target records it, tells its consumers, and the
        upload's custody record names the owner."""
        self.count(info)
        uow.emit(self.announcement(upload, info))
        uow.audit(
            self.actor,
            "upload.completed",
            **self.subject(upload),
            object_hash=info.sha256,
            size=info.size,
            **self.owner_details(),
        )

    @abstractmethod
    def count(self, info: ObjectInfo) -> None:
        """Records on the owner that one more file arrived (a command completes)."""

    @abstractmethod
    def announcement(self, upload: Upload, info: ObjectInfo) -> Event:
        """The event that tells consumers a file arrived for this owner."""

    @abstractmethod
    def owner_details(self) -> dict[str, str]:
        """The owner's ids, for the custody record."""


def upload_row(meta: UploadRequest, expires_at: datetime, **owner: Any) -> Upload:
    upload_id = uuid.uuid4()
    return Upload(
        id=upload_id,
        length=meta.length,
        sha256_declared=meta.sha256,
        filename=meta.filename,
        content_type=meta.content_type,
        staging_name=f"{upload_id}.part",  # never the uploader's file name
        expires_at=expires_at,
        **owner,
    )


def loaded(row: Any, what: str) -> Any:
    if row is None:
        raise RuntimeError(f"the {what} of this upload target is not loaded yet")
    return row
