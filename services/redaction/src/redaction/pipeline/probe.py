"""Open media files and describe them; anything unreadable becomes a `MediaError`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, UnidentifiedImageError

from redaction.domain.media import MediaError, MediaInfo
from redaction.pipeline.orientation import display_size, frame_rotation

IMAGE_FORMATS = {"JPEG": "mjpeg", "PNG": "png"}


def image_format(src: Path) -> str | None:
    """Pillow's format name if `src` is a JPEG or PNG photo, else None."""
    try:
        with Image.open(src) as img:
            return img.format if img.format in IMAGE_FORMATS else None
    except (UnidentifiedImageError, OSError):
        return None


def image_info(src: Path, fmt: str) -> MediaInfo:
    try:
        with Image.open(src) as img:
            img.load()
            width, height = img.size
    except (OSError, ValueError) as exc:
        raise MediaError(f"unreadable {fmt} image: {exc}") from exc
    return MediaInfo(
        kind="image",
        width=width,
        height=height,
        fps=0.0,
        frame_count=1,
        duration_s=0.0,
        has_audio=False,
        video_codec=IMAGE_FORMATS[fmt],
    )


@contextmanager
def open_video(src: Path) -> Iterator[av.container.InputContainer]:
    try:
        container = av.open(str(src), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise MediaError(f"not a readable media file: {exc}") from exc
    try:
        if not container.streams.video:
            raise MediaError("the file has no video stream")
        yield container
    finally:
        container.close()


def video_rotation(src: Path) -> int:
    """How far a player turns the video (`frame_rotation` of its first frame: the display
    matrix is the stream's, every frame carries it)."""
    with open_video(src) as container:
        try:
            frame = next(container.decode(video=0), None)
        except av.error.FFmpegError as exc:
            raise MediaError(f"the video cannot be decoded: {exc}") from exc
    return frame_rotation(frame) if frame else 0


def video_info(container: av.container.InputContainer, rotation: int) -> MediaInfo:
    """Width and height are the picture as a player shows it (turned by `rotation`), like a
    photo's; boxes and masks are in the coded frame's pixels."""
    stream = container.streams.video[0]
    rate = stream.average_rate or stream.guessed_rate or Fraction(30)
    duration = _duration_s(container, stream)
    frames = stream.frames or round(duration * rate)
    ctx = stream.codec_context
    if not ctx.width or not ctx.height:
        raise MediaError("the video stream has no frame size")
    width, height = display_size(ctx.width, ctx.height, rotation)
    return MediaInfo(
        kind="video",
        width=width,
        height=height,
        fps=float(rate),
        frame_count=int(frames),
        duration_s=duration,
        has_audio=bool(container.streams.audio),
        video_codec=ctx.name,
        rotation=rotation,
    )


def _duration_s(container: av.container.InputContainer, stream: av.VideoStream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0
