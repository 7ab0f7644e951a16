"""Contract tests of the object store: one test class, run against every backend.

S3 comes from, in order: S3_ENDPOINT (+ S3_ACCESS_KEY, S3_SECRET_KEY, S3_SECURE); MinIO in
testcontainers when a Docker engine answers; moto's S3 server in this process.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from custody_platform.objectstore import (
    FilesystemObjectStore,
    IntegrityError,
    ObjectExists,
    ObjectNotFound,
    ObjectStore,
    ObjectStoreError,
    S3ObjectStore,
    content_address,
    object_store_from_settings,
)
from custody_platform.settings import ServiceSettings
from pydantic import SecretStr

pytestmark = pytest.mark.integration

MiB = 1 << 20
PART = 10 * MiB  # S3ObjectStore's part size: sizes above it take the multipart path
BIG = PART + 2 * MiB + 123


# --- S3 server -------------------------------------------------------------------------


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str
    secure: bool = False


def _docker_answers() -> bool:
    """True when a Docker engine responds; returns within about a second when there is none."""
    try:
        import docker

        client = docker.from_env(timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _minio_container() -> Iterator[S3Server]:
    from testcontainers.community.minio import MinioContainer

    with MinioContainer() as minio:
        config = minio.get_config()
        yield S3Server(config["endpoint"], config["access_key"], config["secret_key"])


def _moto_server() -> Iterator[S3Server]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()  # the port the OS picked for port=0
        yield S3Server(f"{host}:{port}", "testing", "testing")
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    if endpoint := os.environ.get("S3_ENDPOINT"):
        access, secret = os.environ.get("S3_ACCESS_KEY", ""), os.environ.get("S3_SECRET_KEY", "")
        secure = os.environ.get("S3_SECURE", "").lower() in {"1", "true", "yes"}
        yield S3Server(endpoint, access, secret, secure)
    elif _docker_answers():
        yield from _minio_container()
    else:
        yield from _moto_server()


# --- backends --------------------------------------------------------------------------


@dataclass
class Backend:
    store: ObjectStore
    # Rewrites an object's bytes behind the store's back, keeping its stored sha256.
    rewrite: Callable[[str, Callable[[bytes], bytes]], None]
    # Everything physically stored, bookkeeping (metadata, temporary files) included.
    stored_names: Callable[[], set[str]]


def _filesystem_backend(root: Path) -> Backend:
    store = FilesystemObjectStore(root)

    def rewrite(key: str, transform: Callable[[bytes], bytes]) -> None:
        path = root / key
        path.chmod(0o644)
        path.write_bytes(transform(path.read_bytes()))
        path.chmod(0o444)

    def stored_names() -> set[str]:
        files = (p for p in root.rglob("*") if p.is_file() and p.name != ".lock")
        return {str(p.relative_to(root)) for p in files}

    return Backend(store, rewrite, stored_names)


def _s3_backend(server: S3Server) -> Backend:
    bucket = f"test-{uuid.uuid4().hex[:12]}"  # one bucket per test: no shared state
    store = S3ObjectStore(
        server.endpoint, server.access_key, server.secret_key, bucket, server.secure
    )
    raw = store.client

    def rewrite(key: str, transform: Callable[[bytes], bytes]) -> None:
        old = raw.stat_object(bucket, key)
        sha256 = (old.metadata or {})["x-amz-meta-sha256"]
        response = raw.get_object(bucket, key)
        try:
            data = transform(response.read())
        finally:
            response.close()
            response.release_conn()
        raw.put_object(bucket, key, io.BytesIO(data), len(data), metadata={"sha256": sha256})

    def stored_names() -> set[str]:
        return {str(o.object_name) for o in raw.list_objects(bucket, recursive=True)}

    return Backend(store, rewrite, stored_names)


@pytest.fixture(params=["filesystem", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "filesystem":
        return _filesystem_backend(tmp_path / "objects")
    return _s3_backend(request.getfixturevalue("s3_server"))


# --- helpers ---------------------------------------------------------------------------


def payload(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def chunked(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def flip(offset: int) -> Callable[[bytes], bytes]:
    def transform(data: bytes) -> bytes:
        changed = bytearray(data)
        changed[offset] ^= 0xFF
        return bytes(changed)

    return transform


def drain_until_error(chunks: Iterator[bytes]) -> tuple[int, BaseException | None]:
    received = 0
    try:
        for chunk in chunks:
            received += len(chunk)
    except IntegrityError as exc:
        return received, exc
    return received, None


BAD_KEYS = [
    "",
    "/etc/passwd",
    "..",
    "../escape",
    "a/../../escape",
    "a/..",
    "./a",
    "a/./b",
    "a//b",
    "a/",
    "a\\b",
    "a\0b",
    ".meta/a",
    ".tmp/x",
    "x" * 1025,
]


# --- the contract ----------------------------------------------------------------------


class TestObjectStoreContract:
    def test_round_trip_streamed_from_generator(self, backend: Backend) -> None:
        data = payload(BIG)
        info = backend.store.put("staging/big", chunked(data))
        assert (info.key, info.size, info.sha256) == ("staging/big", BIG, sha(data))
        assert backend.store.stat("staging/big") == info
        chunks = list(backend.store.open("staging/big", chunk_size=MiB))
        assert len(chunks) > 1 and max(map(len, chunks)) <= MiB
        assert b"".join(chunks) == data

    @pytest.mark.parametrize("kind", ["bytes", "file", "iterable"])
    def test_put_accepts_bytes_files_and_iterables(self, backend: Backend, kind: str) -> None:
        data = payload(3 * MiB + 7)
        source = {"bytes": data, "file": io.BytesIO(data), "iterable": [data[:5], b"", data[5:]]}
        info = backend.store.put(f"in/{kind}", source[kind])
        assert info.sha256 == sha(data) and info.size == len(data)
        assert backend.store.read_bytes(f"in/{kind}") == data

    def test_iter_keys_lists_every_object_and_no_bookkeeping(self, backend: Backend) -> None:
        for key in ("a", "evidence/ab/cd", "staging/x.bin"):
            backend.store.put(key, key.encode())
        backend.store.delete("a")
        assert sorted(backend.store.iter_keys()) == ["evidence/ab/cd", "staging/x.bin"]

    def test_empty_object(self, backend: Backend) -> None:
        info = backend.store.put("empty", b"", expected_sha256=sha(b""))
        assert (info.size, info.sha256) == (0, sha(b""))
        assert backend.store.read_bytes("empty") == b""

    @pytest.mark.parametrize("size", [1000, BIG])
    def test_matching_expected_sha256_is_stored(self, backend: Backend, size: int) -> None:
        data = payload(size)
        info = backend.store.put("k", chunked(data), expected_sha256=sha(data).upper())
        assert info.sha256 == sha(data)
        assert backend.store.stat("k").sha256 == sha(data)
        assert backend.store.read_bytes("k") == data

    @pytest.mark.parametrize("size", [0, 1000, BIG])
    def test_expected_sha256_mismatch_stores_nothing(self, backend: Backend, size: int) -> None:
        before = backend.stored_names()
        with pytest.raises(IntegrityError):
            backend.store.put("k", chunked(payload(size)), expected_sha256=sha(b"other"))
        assert not backend.store.exists("k")
        assert backend.stored_names() == before
        with pytest.raises(ObjectNotFound):
            backend.store.stat("k")

    def test_mismatch_on_overwrite_keeps_the_old_object(self, backend: Backend) -> None:
        backend.store.put("k", b"old")
        with pytest.raises(IntegrityError):
            backend.store.put("k", b"new", expected_sha256=sha(b"else"), overwrite=True)
        assert backend.store.read_bytes("k") == b"old"

    def test_overwrite_when_asked(self, backend: Backend) -> None:
        backend.store.put("k", b"old")
        info = backend.store.put("k", b"new", overwrite=True)
        assert info.sha256 == sha(b"new")
        assert backend.store.read_bytes("k") == b"new"

    @pytest.mark.parametrize("with_hash", [False, True])
    def test_second_put_raises_object_exists(self, backend: Backend, with_hash: bool) -> None:
        backend.store.put("k", b"first")
        expected = sha(b"second") if with_hash else None
        with pytest.raises(ObjectExists):
            backend.store.put("k", b"second", expected_sha256=expected)
        assert backend.store.read_bytes("k") == b"first"

    @pytest.mark.parametrize(
        "transform",
        [flip(0), flip(MiB + 5), flip(-1), lambda d: d[:-1], lambda d: d + b"x"],
        ids=["first-byte", "middle-byte", "last-byte", "truncated", "appended"],
    )
    def test_tampered_object_fails_verification(
        self, backend: Backend, transform: Callable[[bytes], bytes]
    ) -> None:
        data = payload(2 * MiB + 3)
        backend.store.put("k", data)
        backend.rewrite("k", transform)
        with pytest.raises(IntegrityError):
            list(backend.store.open("k"))
        with pytest.raises(IntegrityError):
            backend.store.read_bytes("k")

    @pytest.mark.parametrize("size", [100, 3 * MiB + 17])
    def test_last_chunk_is_held_back_until_verified(self, backend: Backend, size: int) -> None:
        backend.store.put("k", payload(size))
        received, error = drain_until_error(backend.store.open("k", chunk_size=MiB))
        assert (received, error) == (size, None)  # intact: everything arrives
        backend.rewrite("k", flip(-1))  # the worst case: only the final byte differs
        received, error = drain_until_error(backend.store.open("k", chunk_size=MiB))
        assert isinstance(error, IntegrityError)
        assert received < size

    @pytest.mark.parametrize("key", BAD_KEYS)
    def test_invalid_keys_are_refused(self, backend: Backend, key: str) -> None:
        store = backend.store
        calls: list[Callable[[], object]] = [
            lambda: store.put(key, b"x"),
            lambda: store.open(key),
            lambda: store.read_bytes(key),
            lambda: store.stat(key),
            lambda: store.exists(key),
            lambda: store.delete(key),
            lambda: store.copy_verified(key, "ok", expected_sha256=sha(b"x")),
        ]
        for call in calls:
            with pytest.raises(ValueError):
                call()
        store.put("ok", b"x")
        with pytest.raises(ValueError):
            store.copy_verified("ok", key, expected_sha256=sha(b"x"))

    def test_missing_object(self, backend: Backend) -> None:
        store = backend.store
        assert not store.exists("nope")
        with pytest.raises(ObjectNotFound):
            store.stat("nope")
        with pytest.raises(ObjectNotFound):
            store.open("nope")  # at call time, before any iteration
        with pytest.raises(ObjectNotFound):
            store.read_bytes("nope")
        store.delete("nope")  # idempotent

    def test_delete(self, backend: Backend) -> None:
        backend.store.put("a/b/c", b"data")
        assert backend.store.exists("a/b/c")
        backend.store.delete("a/b/c")
        assert not backend.store.exists("a/b/c")
        backend.store.put("a/b/c", b"again")
        assert backend.store.read_bytes("a/b/c") == b"again"

    def test_content_addressed_copy(self, backend: Backend) -> None:
        data = payload(BIG)
        staged = backend.store.put(f"staging/{uuid.uuid4().hex}", chunked(data))
        dst = content_address(staged.sha256)
        info = backend.store.copy_verified(staged.key, dst, expected_sha256=staged.sha256)
        assert (info.key, info.size, info.sha256) == (dst, BIG, sha(data))
        assert backend.store.stat(dst) == info
        assert backend.store.read_bytes(dst) == data
        assert backend.store.exists(staged.key)  # copying does not consume the source
        # A retried copy (say, after a crash before the staged upload was deleted) is a no-op.
        assert backend.store.copy_verified(staged.key, dst, expected_sha256=sha(data)) == info

    def test_copy_with_wrong_hash_stores_nothing(self, backend: Backend) -> None:
        backend.store.put("src", b"content")
        with pytest.raises(IntegrityError):
            backend.store.copy_verified("src", "dst", expected_sha256=sha(b"other"))
        assert not backend.store.exists("dst")

    def test_copy_of_tampered_source_stores_nothing(self, backend: Backend) -> None:
        data = payload(3 * MiB)
        backend.store.put("src", data)
        backend.rewrite("src", flip(-1))
        before = backend.stored_names()
        with pytest.raises(IntegrityError):
            backend.store.copy_verified("src", "dst", expected_sha256=sha(data))
        assert not backend.store.exists("dst")
        assert backend.stored_names() == before

    def test_copy_onto_other_content_raises_object_exists(self, backend: Backend) -> None:
        backend.store.put("src", b"one")
        backend.store.put("dst", b"two")
        with pytest.raises(ObjectExists):
            backend.store.copy_verified("src", "dst", expected_sha256=sha(b"one"))
        assert backend.store.read_bytes("dst") == b"two"

    def test_copy_of_missing_source(self, backend: Backend) -> None:
        with pytest.raises(ObjectNotFound):
            backend.store.copy_verified("nope", "dst", expected_sha256=sha(b""))

    def test_adopt_takes_over_a_staged_file(self, backend: Backend, tmp_path: Path) -> None:
        data = payload(300 * 1024, seed=7)
        staged = tmp_path / "staged.part"
        staged.write_bytes(data)
        info = backend.store.adopt("adopted", staged, sha256=sha(data), size=len(data))
        assert (info.size, info.sha256) == (len(data), sha(data))
        assert backend.store.stat("adopted") == info
        assert backend.store.read_bytes("adopted") == data
        assert not staged.exists()

    def test_adopt_with_a_wrong_hash_never_serves_the_bytes(
        self, backend: Backend, tmp_path: Path
    ) -> None:
        staged = tmp_path / "staged.part"
        staged.write_bytes(b"actual bytes")
        try:
            backend.store.adopt("bad", staged, sha256=sha(b"other"), size=len(b"actual bytes"))
        except IntegrityError:
            assert not backend.store.exists("bad")
            return
        with pytest.raises(IntegrityError):
            backend.store.read_bytes("bad")

    def test_adopt_with_a_wrong_size_stores_nothing(self, backend: Backend, tmp_path: Path) -> None:
        staged = tmp_path / "staged.part"
        staged.write_bytes(b"four")
        with pytest.raises(IntegrityError):
            backend.store.adopt("short", staged, sha256=sha(b"four"), size=5)
        assert not backend.store.exists("short") and staged.exists()

    def test_adopt_onto_an_existing_key(self, backend: Backend, tmp_path: Path) -> None:
        backend.store.put("taken", b"old")
        staged = tmp_path / "staged.part"
        staged.write_bytes(b"new")
        with pytest.raises(ObjectExists):
            backend.store.adopt("taken", staged, sha256=sha(b"new"), size=3)
        assert backend.store.read_bytes("taken") == b"old"
        staged.write_bytes(b"new")
        backend.store.adopt("taken", staged, sha256=sha(b"new"), size=3, overwrite=True)
        assert backend.store.read_bytes("taken") == b"new"


# --- backend-specific and pure checks --------------------------------------------------


def test_content_address() -> None:
    h = sha(b"evidence")
    assert content_address(h) == f"sha256/{h[:2]}/{h[2:4]}/{h}"
    assert content_address(h.upper()) == content_address(h)
    for bad in ["", "xyz", h[:-1], h + "0", "g" * 64]:
        with pytest.raises(ValueError):
            content_address(bad)


def test_filesystem_files_are_read_only_and_leave_no_temporaries(tmp_path: Path) -> None:
    store = FilesystemObjectStore(tmp_path)
    store.put("a/b", b"data")
    with pytest.raises(IntegrityError):
        store.put("a/c", b"data", expected_sha256=sha(b"other"))
    for path in (tmp_path / "a" / "b", tmp_path / ".meta" / "a" / "b"):
        assert path.stat().st_mode & 0o777 == 0o444
    assert list((tmp_path / ".tmp").iterdir()) == []
    assert not (tmp_path / "a" / "c").exists()


def test_filesystem_refuses_unreadable_metadata(tmp_path: Path) -> None:
    store = FilesystemObjectStore(tmp_path)
    store.put("k", b"data")
    meta = tmp_path / ".meta" / "k"
    meta.chmod(0o644)
    meta.write_text("{not json")
    with pytest.raises(IntegrityError):
        store.read_bytes("k")


def test_filesystem_key_that_is_another_keys_directory(tmp_path: Path) -> None:
    store = FilesystemObjectStore(tmp_path)
    store.put("a/b", b"data")
    with pytest.raises(ObjectStoreError):
        store.put("a", b"other")
    assert not store.exists("a")
    assert store.read_bytes("a/b") == b"data"


def test_filesystem_racing_puts_of_one_key_have_one_winner(tmp_path: Path) -> None:
    store = FilesystemObjectStore(tmp_path)
    contents = [payload(256 * 1024, seed) for seed in range(8)]

    def put(data: bytes) -> bytes | None:
        try:
            store.put("k", data)
        except ObjectExists:
            return None
        return data

    with ThreadPoolExecutor(max_workers=8) as pool:
        winners = [d for d in pool.map(put, contents) if d is not None]
    assert len(winners) == 1
    assert store.read_bytes("k") == winners[0]


def test_s3_object_without_stored_hash_is_never_served(s3_server: S3Server) -> None:
    bucket = f"test-{uuid.uuid4().hex[:12]}"
    store = S3ObjectStore(
        s3_server.endpoint, s3_server.access_key, s3_server.secret_key, bucket, s3_server.secure
    )
    store.client.put_object(bucket, "k", io.BytesIO(b"data"), 4)  # no x-amz-meta-sha256
    with pytest.raises(IntegrityError):
        store.read_bytes("k")
    with pytest.raises(IntegrityError):
        store.stat("k")


def test_filesystem_streams_in_bounded_memory(tmp_path: Path) -> None:
    store = FilesystemObjectStore(tmp_path)
    block = payload(256 * 1024)
    tracemalloc.start()
    try:
        store.put("big", (block for _ in range(160)))  # 40 MiB
        for _ in store.open("big", chunk_size=MiB):
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MiB


def test_settings_choose_the_backend(tmp_path: Path, s3_server: S3Server) -> None:
    fs = object_store_from_settings(ServiceSettings(service_name="t", object_store_path=tmp_path))
    assert isinstance(fs, FilesystemObjectStore)
    scheme = "https" if s3_server.secure else "http"
    endpoint = s3_server.endpoint
    settings = ServiceSettings(
        service_name="t",
        s3_endpoint=endpoint if "://" in endpoint else f"{scheme}://{endpoint}",
        s3_access_key=s3_server.access_key,
        s3_secret_key=SecretStr(s3_server.secret_key),
        s3_bucket=f"settings-{uuid.uuid4().hex[:8]}",
        s3_secure=not s3_server.secure,  # the URL's scheme wins
        object_store_path=tmp_path,
    )
    s3 = object_store_from_settings(settings)
    assert isinstance(s3, S3ObjectStore)
    s3.put("k", b"v")
    assert s3.read_bytes("k") == b"v"
