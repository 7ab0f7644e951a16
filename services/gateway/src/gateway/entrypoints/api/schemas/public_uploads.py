"""A public file request as the person holding its link sees it: what to upload, the
limits, and where the files go (the device gateway's tus endpoint, with the link's token)."""

from __future__ import annotations

from datetime import datetime

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.fields import read_time
from pydantic import BaseModel


class PublicFileRequestView(BaseModel):
    title: str
    instructions: str
    consent_text: str
    ask_contributor: bool
    expires_at: datetime | None
    max_files: int
    max_bytes_per_file: int
    max_total_bytes: int
    allowed_media_types: list[str]
    upload_url: str  # tus, with the link's token as the bearer credential


def public_file_request_view(
    found: evidence_pb2.PublicFileRequest, upload_url: str
) -> PublicFileRequestView:
    return PublicFileRequestView(
        title=found.title,
        instructions=found.instructions,
        consent_text=found.consent_text,
        ask_contributor=found.ask_contributor,
        expires_at=read_time(found, "expires_at"),
        max_files=found.max_files,
        max_bytes_per_file=found.max_bytes_per_file,
        max_total_bytes=found.max_total_bytes,
        allowed_media_types=list(found.allowed_media_types),
        upload_url=upload_url,
    )
