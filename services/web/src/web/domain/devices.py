"""The device operator's pages as they need the gateway's answers: devices, background-video
requests and their transfers, and the video request form as typed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from web.domain.labels import size
from web.domain.requests_forms import parse_local, sentence
from web.domain.views import ApiModel, Problem

KINDS = {
    "body_worn": "Body-worn camera",
    "in_car": "In-car camera",
    "vms": "Video management system",
}
OUTCOMES = {
    "pending": "Pending",
    "complete": "Complete",
    "no_video": "No video",
    "failed": "Failed",
}
REASONS = {
    "background_recording_disabled": "Background recording was off on the device",
    "overwritten": "The device had already recorded over this time",
    "storage_cleared": "The device's storage was cleared",
    "expired": "The device did not come online in time",
    "other": "The device gave another reason",
}


class Device(ApiModel):
    id: uuid.UUID
    name: str
    kind: str
    channels: int
    background_recording: bool
    online: bool
    last_seen_at: datetime | None = None
    storage_free_bytes: int | None = None
    storage_total_bytes: int | None = None
    battery_percent: float | None = None
    background_recording_applied: bool | None = None
    pending_video_requests: int = 0  # in the device list only

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, sentence(self.kind.replace("_", " ")))

    @property
    def battery(self) -> str:
        return "Not reported" if self.battery_percent is None else f"{self.battery_percent:.0f}%"

    @property
    def storage(self) -> str:
        if self.storage_free_bytes is None:
            return "Not reported"
        free = size(self.storage_free_bytes)
        total = self.storage_total_bytes
        return f"{free} free of {size(total)}" if total else f"{free} free"

    @property
    def setting_pending(self) -> bool:
        """The device has not yet said it runs with the setting asked of it."""
        applied = self.background_recording_applied
        return applied is not None and applied != self.background_recording

    def channel_help(self) -> str:
        if self.channels == 1:
            return "This device has one channel: its camera."
        return (
            f"This device has {self.channels} channels. Channel 1 is its main camera (in a "
            "car, usually the front camera); the other channels follow in the order the device "
            "numbers its cameras."
        )


class TransferFile(ApiModel):
    filename: str
    bytes_done: int
    bytes_total: int
    status: str

    @property
    def percent(self) -> int:
        return 100 if not self.bytes_total else int(100 * self.bytes_done / self.bytes_total)


class ChannelTransfer(ApiModel):
    channel: int
    status: str
    no_video_reason: str | None = None
    no_video_detail: str | None = None
    files: list[TransferFile] = []

    @property
    def reason(self) -> str:
        return reason_text(self.no_video_reason, self.no_video_detail)


class VideoRequest(ApiModel):
    id: uuid.UUID
    device_id: uuid.UUID
    case_id: uuid.UUID
    case_named: bool
    start: datetime | None = None
    end: datetime | None = None
    channels: list[int]
    status: str
    reason: str | None = None
    created_at: datetime | None = None
    finished_at: datetime | None = None
    bytes_done: int = 0
    bytes_total: int = 0
    transfers: list[ChannelTransfer] = []

    @property
    def pending(self) -> bool:
        return self.status == "pending"

    @property
    def outcome(self) -> str:
        return OUTCOMES.get(self.status, sentence(self.status))

    @property
    def done_size(self) -> str:
        return size(self.bytes_done)

    @property
    def total_size(self) -> str:
        return size(self.bytes_total)

    @property
    def waiting(self) -> bool:
        """Nothing delivered yet: the device has not checked in since."""
        return self.pending and all(t.status == "queued" for t in self.transfers)


def reason_text(code: str | None, detail: str | None) -> str:
    """The device's reason in words, with what it said in its own."""
    if not code:
        return ""
    text = REASONS.get(code, sentence(code.replace("_", " ")))
    return f"{text}: “{detail}”" if detail else text


@dataclass
class VideoRequestForm:
    """The video request form as typed: kept as text so a refused form shows it again."""

    start: str = ""
    end: str = ""
    channels: list[int] = field(default_factory=list)
    case_id: str = ""

    @classmethod
    def read(cls, form: Any) -> VideoRequestForm:
        chosen = [int(c) for c in form.getlist("channel") if str(c).isdigit()]
        return cls(
            start=str(form.get("start") or "").strip(),
            end=str(form.get("end") or "").strip(),
            channels=sorted(set(chosen)),
            case_id=str(form.get("case_id") or "").strip(),
        )

    def problems(self) -> dict[str, str]:
        errors = {}
        for name, label in (("start", "start"), ("end", "end")):
            if not getattr(self, name):
                errors[name] = f"Enter the {label} date and time"
            elif parse_local(getattr(self, name)) is None:
                errors[name] = f"Enter the {label} as a date and time, like 2026-12-07 09:30"
        if not self.channels:
            errors["channel-1"] = "Choose at least one channel"
        if self.case_id:
            try:
                uuid.UUID(self.case_id)
            except ValueError:
                errors["case_id"] = "Enter a case id like 0b3e5c2a-9d41-4f6e-8a77-1c2d3e4f5a6b"
        return errors

    def body(self) -> dict[str, Any]:
        start, end = parse_local(self.start), parse_local(self.end)
        assert start is not None and end is not None
        body: dict[str, Any] = {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "channels": self.channels,
        }
        if self.case_id:
            body["case_id"] = self.case_id
        return body


def form_errors(problem: Problem) -> dict[str, str]:
    """The API's refusal at the field it names (a 422's locations, or the detail's words)."""
    errors: dict[str, str] = {}
    parts = [
        (".".join(map(str, e.get("loc", [])[1:])), str(e.get("msg", ""))) for e in problem.errors
    ]
    for where, message in parts or [("", problem.message)]:
        name = _field(where or message)
        text = sentence(message.removeprefix("Value error, "))
        errors[name] = f"{errors[name]}. {text}" if name in errors else text
    return errors


def _field(where: str) -> str:
    lowered = where.lower()
    if "channel" in lowered:
        return "channel-1"
    if "case" in lowered:
        return "case_id"
    if lowered.startswith("end") or "span" in lowered:
        return "end"
    return "start"
