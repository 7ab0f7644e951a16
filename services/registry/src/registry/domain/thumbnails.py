"""Thumbnails: decode an upload to prove it is an image, then re-encode it at one size.

Only the decoded pixels survive: the JPEG written back carries no metadata of the upload
(EXIF GPS of the phone that took it, comments, embedded payloads).
"""

from __future__ import annotations

import io
import warnings

from custody_platform.errors import InvalidArgument
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 3 * 1024 * 1024  # below gRPC's 4 MiB message limit, with room for the envelope
MAX_PIXELS = 40_000_000  # checked from the header, before any pixel is decoded
SIZE = (640, 360)
FORMATS = ("JPEG", "PNG", "WEBP")
QUALITY = 85


def standard_thumbnail(data: bytes) -> bytes:
    """A SIZE JPEG of the image (letterboxed, never cropped); InvalidArgument otherwise."""
    if not data:
        raise InvalidArgument("the thumbnail is empty")
    if len(data) > MAX_BYTES:
        raise InvalidArgument(f"the thumbnail exceeds {MAX_BYTES} bytes")
    image = _decoded(data)
    image = ImageOps.exif_transpose(image).convert("RGB")
    out = io.BytesIO()
    ImageOps.pad(image, SIZE, color=(0, 0, 0)).save(out, "JPEG", quality=QUALITY, optimize=True)
    return out.getvalue()


def _decoded(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)  # reads the header only
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise InvalidArgument(f"the image exceeds {MAX_PIXELS} pixels")
            image.load()  # decodes every pixel: a truncated or forged file fails here
    except InvalidArgument:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise InvalidArgument("the thumbnail is not a JPEG, PNG or WebP image") from None
    return image
