"""Thumbnails through the service layer, into a real (filesystem) object store."""

from __future__ import annotations

import io

import pytest
from custody_platform.errors import InvalidArgument, NotFound
from custody_platform.unit_of_work import committed
from PIL import Image
from registry.domain.cameras import CameraSpec
from registry.domain.thumbnails import SIZE
from registry.service_layer import cameras, thumbnails

from .conftest import outbox, person

pytestmark = pytest.mark.integration

SPEC = CameraSpec(name="Gate", kind="fixed", latitude=45.5, longitude=-73.5, visibility="private")


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


async def test_upload_is_reencoded_stored_and_served_to_those_who_see_it(
    uow_factory, store, directory
):
    admin = person(None, "org_admin")
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, SPEC)
    updated = await committed(
        uow_factory, thumbnails.set_thumbnail, store, admin, camera.id, png(1200, 900)
    )
    assert updated.thumbnail_key and store.exists(updated.thumbnail_key)
    jpeg, sha256 = await committed(uow_factory, thumbnails.get_thumbnail, store, admin, camera.id)
    with Image.open(io.BytesIO(jpeg)) as image:
        assert (image.format, image.size) == ("JPEG", SIZE)
    assert sha256 in updated.thumbnail_key
    with pytest.raises(NotFound):  # a private camera's thumbnail is private too
        await committed(uow_factory, thumbnails.get_thumbnail, store, person(), camera.id)


async def test_non_images_change_nothing(uow_factory, store, engine, unique_schema, directory):
    admin = person(None, "org_admin")
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, SPEC)
    before = await outbox(engine, unique_schema)
    for data in (b"just text, named photo.jpg", png(10, 10)[:40], b""):
        with pytest.raises(InvalidArgument):
            await committed(uow_factory, thumbnails.set_thumbnail, store, admin, camera.id, data)
    assert await outbox(engine, unique_schema) == before
    assert not (store.root / "thumbnails").exists()
    with pytest.raises(NotFound, match="no thumbnail"):
        await committed(uow_factory, thumbnails.get_thumbnail, store, admin, camera.id)
    with pytest.raises(NotFound):  # another org's admin
        await committed(
            uow_factory,
            thumbnails.set_thumbnail,
            store,
            person(None, "org_admin"),
            camera.id,
            png(10, 10),
        )
