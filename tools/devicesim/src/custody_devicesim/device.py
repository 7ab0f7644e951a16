"""A simulated body-worn or in-car camera speaking the device gateway's HTTP and tus API.

    device = SimulatedDevice(url, enrollment_code=code)
    device.enroll()
    for command in device.checkin(wait=5):
        result = device.handle(command)   # ack, "record" a clip, upload it with tuspy

Export and background-video commands are answered alike: a clip for the channel and range,
or no video when background recording is off. Unless `background_recording` is given, the
device runs with the setting each check-in's answer carries.

Synchronous (tuspy is); from async code, call it through asyncio.to_thread.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

import httpx

from custody_devicesim.clip import make_clip
from custody_devicesim.models import Command, Credentials, UploadResult
from custody_devicesim.upload import tus_upload

REFRESH_MARGIN = 60.0  # seconds before expiry at which a token is replaced


class SimulatedDevice:
    def __init__(
        self,
        base_url: str,
        *,
        enrollment_code: str | None = None,
        credentials: Credentials | None = None,
        background_recording: bool | None = None,
        chunk_size: int = 64 * 1024,
        timeout: float = 30.0,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.enrollment_code = enrollment_code
        self.credentials = credentials
        self.fixed_background = background_recording  # None: follow the gateway's setting
        self.background_recording = True if background_recording is None else background_recording
        self.chunk_size = chunk_size
        self.progress = progress
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)
        self._token: tuple[str, float] | None = None

    def enroll(self) -> Credentials:
        if not self.enrollment_code:
            raise ValueError("an enrollment code is needed to enroll")
        body = self._post(
            "/device/v1/enroll", {"enrollment_code": self.enrollment_code}, auth=False
        )
        self.credentials = Credentials(body["device_id"], body["device_secret"])
        return self.credentials

    def token(self) -> str:
        """A valid access token, fetched again when the current one is close to expiry."""
        if self._token and self._token[1] - time.monotonic() > REFRESH_MARGIN:
            return self._token[0]
        if self.credentials is None:
            raise RuntimeError("enroll first")
        body = self._post("/device/v1/token", vars(self.credentials), auth=False)
        self._token = (body["access_token"], time.monotonic() + float(body["expires_in"]))
        return self._token[0]

    def checkin(self, wait: float = 0, *, recording: bool = True) -> list[Command]:
        """Reports health; long-polls up to `wait` seconds for commands; applies the
        settings the answer carries."""
        report = {
            "storage_free_bytes": 32 << 30,
            "storage_total_bytes": 64 << 30,
            "battery_percent": 87.0,
            "recording": recording,
            "background_recording": self.background_recording,
        }
        body = self._post(f"/device/v1/checkin?wait={wait:g}", report, timeout=wait + 30)
        if self.fixed_background is None:
            self.background_recording = bool(body["settings"]["background_recording"])
        return [Command.from_json(c) for c in body["commands"]]

    def ack(self, command: Command) -> None:
        self._post(f"/device/v1/commands/{command.id}/ack", {})

    def report_no_video(self, command: Command, reason: str, detail: str = "") -> None:
        self._post(
            f"/device/v1/commands/{command.id}/no-video", {"reason": reason, "detail": detail}
        )

    def handle(self, command: Command) -> UploadResult | None:
        """Acknowledge, then upload the clip, or say why there is none (None)."""
        self.ack(command)
        if not self.background_recording:
            detail = "set to record events only"
            self.report_no_video(command, "background_recording_disabled", detail)
            return None
        assert self.credentials is not None
        clip = make_clip(self.credentials.device_id, command.channel, command.start, command.end)
        return self.upload(command, clip, f"ch{command.channel}-{command.start:%Y%m%dT%H%M%S}.mp4")

    def upload(self, command: Command, data: bytes, filename: str) -> UploadResult:
        sha256 = hashlib.sha256(data).hexdigest()
        metadata = {
            "command_id": command.id,
            "filename": filename,
            "filetype": "video/mp4",
            "sha256": sha256,
        }
        url = tus_upload(
            self.base_url,
            self.token,
            data,
            metadata,
            chunk_size=self.chunk_size,
            progress=self.progress,
        )
        return UploadResult(command.id, url, filename, sha256, data)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SimulatedDevice:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _post(
        self, path: str, body: dict[str, Any], *, auth: bool = True, timeout: float | None = None
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.token()}"} if auth else {}
        response = self._http.post(
            path, json=body, headers=headers, timeout=timeout or httpx.USE_CLIENT_DEFAULT
        )
        response.raise_for_status()
        return response.json()
