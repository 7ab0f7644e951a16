"""What evidence reacts to: an uploaded export, or a file uploaded under a grant, becomes
evidence; a fulfilled request grants its requester the delivered item."""

from __future__ import annotations

from collections.abc import Mapping

from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.events.device_gateway import UploadCompleted, VideoUploaded
from custody_contracts.events.video_requests import RequestFulfilled
from custody_platform.consumer import Handler
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from evidence.service_layer.deliveries import grant_requester
from evidence.service_layer.ingest import ingest_granted_upload, ingest_upload


def build_handlers(store: ObjectStore) -> Mapping[type[Event], Handler]:
    """The handler map, closed over the object store that bootstrap built."""

    async def on_video_uploaded(event: VideoUploaded, uow: UnitOfWork, envelope: Envelope) -> None:
        await ingest_upload(uow, store, event)

    async def on_upload_completed(
        event: UploadCompleted, uow: UnitOfWork, envelope: Envelope
    ) -> None:
        await ingest_granted_upload(uow, store, event)

    async def on_request_fulfilled(
        event: RequestFulfilled, uow: UnitOfWork, envelope: Envelope
    ) -> None:
        await grant_requester(uow, event)

    return {
        VideoUploaded: on_video_uploaded,
        UploadCompleted: on_upload_completed,
        RequestFulfilled: on_request_fulfilled,
    }
