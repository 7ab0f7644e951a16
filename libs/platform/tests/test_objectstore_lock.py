"""Contract tests of object lock and range reads: one class, run against both backends
(S3 = moto's server with an Object Lock bucket, filesystem = rules enforced in software)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from custody_platform.objectstore import (
    FilesystemObjectStore,
    ObjectLocked,
    ObjectNotFound,
    ObjectStore,
    S3ObjectStore,
)

pytestmark = pytest.mark.integration

DATA = bytes(range(256)) * 1000


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(params=["filesystem", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    if request.param == "filesystem":
        return FilesystemObjectStore(tmp_path / "objects")
    endpoint = request.getfixturevalue("moto_endpoint")
    bucket = f"lock-{uuid.uuid4().hex[:12]}"
    return S3ObjectStore(endpoint, "test", "test", bucket, False, object_lock=True)


def _later(days: int = 1) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0)


class TestObjectLockContract:
    def test_unlocked_object_has_no_lock_and_deletes(self, store: ObjectStore) -> None:
        store.put("a/plain", DATA)
        lock = store.lock_state("a/plain")
        assert not lock.blocks_delete() and lock.retain_until is None
        store.delete("a/plain")
        assert not store.exists("a/plain")

    @pytest.mark.parametrize("mode", ["governance", "compliance"])
    def test_retention_blocks_delete_and_overwrite(self, store: ObjectStore, mode: str) -> None:
        store.put("a/kept", DATA)
        until = _later()
        lock = store.set_retention("a/kept", until, mode)  # type: ignore[arg-type]
        assert lock.retain_until == until and lock.mode == mode
        assert store.lock_state("a/kept").retain_until == until
        with pytest.raises(ObjectLocked):
            store.delete("a/kept")
        with pytest.raises(ObjectLocked):
            store.put("a/kept", b"other", overwrite=True)
        assert store.read_bytes("a/kept") == DATA

    def test_retention_extends_but_never_shortens(self, store: ObjectStore) -> None:
        store.put("a/ext", DATA)
        store.set_retention("a/ext", _later(2), "compliance")
        with pytest.raises(ObjectLocked):
            store.set_retention("a/ext", _later(1), "compliance")
        assert store.set_retention("a/ext", _later(3), "compliance").retain_until == _later(3)

    def test_legal_hold_blocks_delete_until_released(self, store: ObjectStore) -> None:
        store.put("a/held", DATA)
        assert store.set_legal_hold("a/held", True).legal_hold
        assert store.lock_state("a/held").legal_hold
        with pytest.raises(ObjectLocked):
            store.delete("a/held")
        store.set_legal_hold("a/held", False)
        store.delete("a/held")
        assert not store.exists("a/held")

    def test_lock_of_missing_object(self, store: ObjectStore) -> None:
        with pytest.raises(ObjectNotFound):
            store.set_legal_hold("a/missing", True)
        with pytest.raises(ObjectNotFound):
            store.lock_state("a/missing")

    @pytest.mark.parametrize(("offset", "length"), [(0, 10), (1000, 5000), (255000, 1000)])
    def test_open_range_returns_exactly_the_range(
        self, store: ObjectStore, offset: int, length: int
    ) -> None:
        store.put("a/range", DATA)
        got = b"".join(store.open_range("a/range", offset, length, chunk_size=4096))
        assert got == DATA[offset : offset + length]
