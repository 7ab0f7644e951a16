"""Evidence settings: the object store location and credentials come from ServiceSettings."""

from __future__ import annotations

from typing import Literal

from custody_platform.settings import ServiceSettings
from pydantic import Field


class Settings(ServiceSettings):
    service_name: str = "evidence"
    download_chunk_bytes: int = 1 << 20
    # Range reads are verified per block of this size (hashes recorded after ingest).
    verify_block_bytes: int = 1 << 20
    # The most a view-only holder (grant, share link, delivery) gets in one stream request;
    # a player asks again for the next range (decision 0013).
    view_only_range_bytes: int = Field(default=2 << 20, ge=64 * 1024)
    processing_idle_seconds: float = 1.0
    # A failing item is tried this many times (waiting attempt x retry seconds between).
    processing_max_attempts: int = 3
    processing_retry_seconds: float = 30.0
    # S3 object lock on originals once retention is known: off, governance or compliance.
    object_lock_mode: Literal["off", "governance", "compliance"] = "off"
    restore_window_days: float = 30.0
    purge_interval_seconds: float = 3600.0
