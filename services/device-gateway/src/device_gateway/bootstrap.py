"""The only place that wires the device gateway's dependencies."""

from __future__ import annotations

from datetime import timedelta

from custody_contracts import topics
from custody_contracts.grpc import devices_pb2_grpc
from custody_platform.objectstore import object_store_from_settings
from custody_platform.ratelimit import RateLimiter
from custody_platform.runtime import ServiceParts, ServiceRuntime

from device_gateway.adapters.staging import StagingArea
from device_gateway.adapters.tokens import DeviceTokens
from device_gateway.adapters.vms import VmsConnector
from device_gateway.adapters.vms.http_connector import HttpVmsConnector
from device_gateway.adapters.vms.watch_folder import WatchFolderConnector
from device_gateway.config import Settings
from device_gateway.domain.vms import WATCH_FOLDER_SCHEME
from device_gateway.entrypoints.deps import DeviceApi
from device_gateway.entrypoints.grpc_api import DevicePolicy, DevicesServicer
from device_gateway.entrypoints.handlers import build_handlers
from device_gateway.entrypoints.http_api import create_app
from device_gateway.entrypoints.workers import expiry_sweeper, vms_exporter
from device_gateway.service_layer.checkin import CheckinPolicy
from device_gateway.service_layer.uploads import UploadContext
from device_gateway.service_layer.vms_exports import ConnectorFor, VmsPolicy


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    staging = StagingArea(settings.staging_dir)
    handlers = build_handlers(command_ttl=timedelta(hours=settings.command_ttl_hours))
    policy = DevicePolicy(
        settings.max_upload_bytes,
        online_window=timedelta(seconds=settings.device_online_seconds),
        background_ttl=timedelta(hours=settings.background_ttl_hours),
    )
    servicer = DevicesServicer(runtime.uow, policy)
    api = device_api(runtime, settings, staging)
    exporter = vms_exporter(
        runtime.uow, api.uploads, connectors(settings), VmsPolicy(), settings.vms_poll_seconds
    )
    return ServiceParts(
        http_app=create_app(api, settings.cors_origins),
        consumers=[(runtime.consumer("device-exports", handlers), [topics.REQUESTS])],
        grpc_servicers=[(devices_pb2_grpc.add_DevicesServicer_to_server, servicer)],
        workers=[expiry_sweeper(runtime.uow, staging, settings.sweep_seconds), exporter],
    )


def connectors(settings: Settings) -> ConnectorFor:
    """The connector for a VMS device's base URL: a watch folder, or the HTTP export API."""

    def connector_for(url: str) -> VmsConnector:
        if url.startswith(f"{WATCH_FOLDER_SCHEME}://"):
            return WatchFolderConnector(settings.vms_watch_root, url)
        return HttpVmsConnector(url)

    return connector_for


def device_api(runtime: ServiceRuntime, settings: Settings, staging: StagingArea) -> DeviceApi:
    token_lifetime = timedelta(minutes=settings.device_token_minutes)
    upload_ttl = timedelta(hours=settings.upload_ttl_hours)
    redeliver_after = timedelta(seconds=settings.command_redeliver_seconds)
    return DeviceApi(
        uow=runtime.uow,
        tokens=DeviceTokens(settings.jwt_secret.get_secret_value(), token_lifetime),
        uploads=UploadContext(
            staging,
            object_store_from_settings(settings),
            settings.max_upload_bytes,
            upload_ttl,
            max_device_uploads=settings.max_device_uploads,
            staging_max_bytes=settings.staging_max_bytes,
        ),
        checkin=CheckinPolicy(redeliver_after, settings.checkin_poll_seconds),
        public_uploads=RateLimiter(
            runtime.engine,
            settings.schema_name,
            limit=settings.public_uploads_per_minute,
            window_seconds=60,
        ),
    )
