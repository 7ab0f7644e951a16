"""Media facts and a poster frame, read with PyAV straight from the object store (range
reads through a seekable file object: the file is never copied or held in memory)."""

from __future__ import annotations

import io
from fractions import Fraction

import av
from custody_platform.objectstore import ObjectStore

from evidence.domain.media import MediaFacts, thumbnail_size

READ_BUFFER = 1 << 20
MAX_FRAMES_FOR_POSTER = 200


class _RangeFile(io.RawIOBase):
    def __init__(self, store: ObjectStore, key: str, size: int) -> None:
        self._store, self._key, self._size, self._pos = store, key, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        want = min(len(buffer), self._size - self._pos)
        if want <= 0:
            return 0
        data = b"".join(self._store.open_range(self._key, self._pos, want))
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def open_media(store: ObjectStore, key: str, size: int) -> io.BufferedReader:
    return io.BufferedReader(_RangeFile(store, key, size), buffer_size=READ_BUFFER)


def probe(store: ObjectStore, key: str, size: int) -> tuple[MediaFacts, bytes | None]:
    """The file's media facts and, for video, a JPEG poster; av.error.FFmpegError when the
    file is not media PyAV can read. Width, height and poster are the picture as a player
    shows it: a phone video coded sideways is turned by its display rotation."""
    with open_media(store, key, size) as file, av.open(file, mode="r") as container:
        video = next(iter(container.streams.video), None)
        audio = next(iter(container.streams.audio), None)
        poster, rotation = _poster(container, video) if video is not None else (None, 0)
        width, height = (video.codec_context.width, video.codec_context.height) if video else (0, 0)
        facts = MediaFacts(
            container=container.format.name,
            duration_seconds=_duration(container, video),
            video_codec=video.codec_context.name if video else "",
            width=height if rotation % 180 else width,
            height=width if rotation % 180 else height,
            has_audio=audio is not None,
            audio_codec=audio.codec_context.name if audio else "",
            frame_rate=_frame_rate(container, video),
        )
    return facts, poster


def _duration(container: av.container.InputContainer, video: av.VideoStream | None) -> float:
    if container.duration:
        return float(container.duration / av.time_base)
    if video is not None and video.duration and video.time_base:
        return float(video.duration * Fraction(video.time_base))
    return 0.0


def _frame_rate(
    container: av.container.InputContainer, video: av.VideoStream | None
) -> float | None:
    """The stream's average frame rate (the container's frame count over its duration); None
    for a photo (image demuxers report a nominal 25), an audio file's cover art or no rate."""
    if video is None or video.disposition & av.stream.Disposition.attached_pic:
        return None
    name = container.format.name
    if name == "image2" or name.endswith("_pipe"):
        return None
    rate = video.average_rate
    return float(rate) if rate else None


def _poster(
    container: av.container.InputContainer, video: av.VideoStream
) -> tuple[bytes | None, int]:
    """A JPEG of the first key frame, upright, and the display rotation: degrees
    counter-clockwise a player turns the coded picture (0, 90, 180 or 270)."""
    for index, frame in enumerate(container.decode(video)):
        if frame.key_frame or index >= MAX_FRAMES_FOR_POSTER:
            rotation = round(frame.rotation / 90) % 4 * 90
            image = frame.to_image().rotate(rotation, expand=True)  # PIL turns anticlockwise
            image = image.resize(thumbnail_size(image.width, image.height))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=80)
            return out.getvalue(), rotation
    return None, 0
