"""Evidence settings: the object store location and credentials come from ServiceSettings."""

from __future__ import annotations

from custody_platform.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "evidence"
    download_chunk_bytes: int = 1 << 20
