"""What the simulated device holds and returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Credentials:
    device_id: str
    device_secret: str


@dataclass(frozen=True)
class Command:
    id: str
    kind: str
    channel: int
    start: datetime
    end: datetime

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Command:
        return cls(
            id=body["id"],
            kind=body["kind"],
            channel=int(body["channel"]),
            start=datetime.fromisoformat(body["start"]),
            end=datetime.fromisoformat(body["end"]),
        )


@dataclass(frozen=True)
class UploadResult:
    """What the device sent, so a test can compare it with the evidence it becomes."""

    command_id: str
    upload_url: str
    filename: str
    sha256: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)
