from __future__ import annotations

import io

import pytest
from custody_platform.errors import InvalidArgument
from PIL import Image
from registry.domain import thumbnails
from registry.domain.thumbnails import SIZE, standard_thumbnail

pytestmark = pytest.mark.unit


def encoded(size: tuple[int, int], fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("size", [(4000, 3000), (300, 900), (16, 9)])
def test_any_image_becomes_a_standard_jpeg_without_metadata(size: tuple[int, int]) -> None:
    jpeg = standard_thumbnail(encoded(size, "WEBP"))
    with Image.open(io.BytesIO(jpeg)) as image:
        assert (image.format, image.size) == ("JPEG", SIZE)
        assert "exif" not in image.info


@pytest.mark.parametrize(
    "data",
    [b"hello, I am a text file named photo.jpg", b"GIF89a" + b"\0" * 20, b"\xff\xd8\xff\xe0junk"],
)
def test_non_images_are_refused(data: bytes) -> None:
    with pytest.raises(InvalidArgument, match="not a JPEG, PNG or WebP"):
        standard_thumbnail(data)


def test_truncated_images_are_refused() -> None:
    data = encoded((400, 300), "JPEG")
    with pytest.raises(InvalidArgument):
        standard_thumbnail(data[: len(data) // 2])


def test_byte_and_pixel_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidArgument, match="exceeds"):
        standard_thumbnail(b"\0" * (thumbnails.MAX_BYTES + 1))
    monkeypatch.setattr(thumbnails, "MAX_PIXELS", 100 * 100)
    with pytest.raises(InvalidArgument, match="pixels"):
        standard_thumbnail(encoded((101, 100)))
