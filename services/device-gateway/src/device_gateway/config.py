"""Settings of the device gateway (environment variables, e.g. STAGING_DIR, MAX_UPLOAD_BYTES)."""

from __future__ import annotations

from pathlib import Path

from custody_platform.settings import ServiceSettings

GIB = 1 << 30


class Settings(ServiceSettings):
    service_name: str = "device-gateway"
    # Where tus uploads are staged until verified; instances behind one load balancer share it.
    staging_dir: Path = Path(".data/staging/device-gateway")
    # One file's cap: a shift of body-camera video is well over 4 GiB.
    max_upload_bytes: int = 64 * GIB
    upload_ttl_hours: int = 24
    command_ttl_hours: int = 72
    # A background-video request waits this long for its device to come online and answer.
    background_ttl_hours: int = 24 * 14
    # A device that checked in this recently is shown online.
    device_online_seconds: int = 120
    device_token_minutes: int = 15
    # A delivered command that is not acknowledged within this time is delivered again.
    command_redeliver_seconds: int = 120
    checkin_poll_seconds: float = 0.2
    max_device_uploads: int = 4  # open uploads per device at once
    staging_max_bytes: int = 256 * GIB  # declared lengths of all open uploads together
    public_uploads_per_minute: int = 30  # uploads a public contributor's address may start
    # Origins whose browsers may call the tus ingest endpoint (the public gateway), as JSON.
    cors_origins: list[str] = []
    # Folders named by watch-folder://<name> VMS devices live under this root.
    vms_watch_root: Path = Path(".data/vms-watch")
    vms_poll_seconds: float = 1.0
    sweep_seconds: float = 30.0
