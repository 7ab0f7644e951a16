"""Memory of the evidence path on a large file: it must stream, never hold the file.

A generated file (default 2 GiB of random bytes) goes through the evidence service's own
functions on the filesystem object store, in one process:
  in:   staged into the store from a stream (as the device gateway stages a tus upload), then
        copied to its content address with verification (evidence ingest: store_original);
  hash: per-block sha256 recorded for range reads (the processing worker: compute_blocks);
  out:  a verified whole download (stream_download) and a verified whole range stream plus
        random ranges (stream_range), through the async thread-stepped iterators the gRPC
        servicer uses;
  disclosure: a disclosure package built with the audit service's own ZIP writer (ZipUpload,
        as create_disclosure uses it): the original streamed in from the verified download,
        as _add_original feeds it from evidence's DownloadEvidence, plus a small deflated
        manifest (as _add writes documents), the ZIP going straight into the store;
  unzip: the stored package read back with zipfile in 1 MiB pieces, checking the original's
        member against its sha256 and size.
Peak RSS of the process (ru_maxrss) is recorded after each phase, with throughput and CPU
time (user + sys), and the load average at start and end. The store needs about twice the
file size free.

Writes bench/results/evidence_memory.json.
    python bench/bench_evidence_memory.py [--mib 2048] [--dir /var/tmp]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import resource
import tempfile
import time
import uuid
import zipfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

from audit.adapters.zip_stream import ZipUpload
from audit.domain import disclosures as layout
from custody_platform.objectstore import FilesystemObjectStore, ObjectInfo
from evidence.adapters.blocks import compute_blocks
from evidence.adapters.storage import store_original
from evidence.service_layer.download import Download, stream_download
from evidence.service_layer.streaming import RangeStream, stream_range

RESULTS = Path(__file__).parent / "results"
MIB = 1 << 20
BLOCK = MIB
RANGES = 200


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def generated(total: int, digest: Any) -> Iterator[bytes]:
    """Random bytes in 1 MiB chunks, hashed as they go: the file never exists in memory."""
    left = total
    while left:
        chunk = os.urandom(min(MIB, left))
        digest.update(chunk)
        left -= len(chunk)
        yield chunk


async def drain(chunks: Any, digest: Any | None = None) -> int:
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if digest is not None:
            digest.update(chunk)
    return size


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load_average() -> list[float]:
    return [round(load, 2) for load in os.getloadavg()]


def timed(results: dict[str, Any], name: str, size: int, run: Callable[[], Any]) -> Any:
    start, cpu_start = time.perf_counter(), cpu_seconds()
    value = run()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    results["phases"][name] = {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "mib_per_second": round(size / MIB / seconds, 1) if seconds else None,
        "peak_rss_mib_after": round(peak_rss_mib(), 1),
    }
    print(
        f"{name:<10} {seconds:7.1f} s  cpu {cpu:7.1f} s  peak RSS {peak_rss_mib():7.1f} MiB",
        flush=True,
    )
    return value


async def package(
    store: FilesystemObjectStore, key: str, path: str, original: AsyncIterator[bytes]
) -> tuple[ObjectInfo, str, int]:
    """A disclosure ZIP as create_disclosure writes it: the original's member first, then a
    small document. Returns the stored package and the member's sha256 and size."""
    async with ZipUpload(store, key) as upload:
        sha256, size = await upload.add_stream(path, original)
        manifest = {"items": [{"path": path, "sha256": sha256, "size": size}]}
        await upload.add_bytes(layout.MANIFEST, json.dumps(manifest).encode())
    assert upload.info is not None
    return upload.info, sha256, size


def unzipped(zip_path: Path, member: str) -> tuple[str, int]:
    """sha256 and size of one member, read in 1 MiB pieces (zipfile checks its CRC too)."""
    digest, size = hashlib.sha256(), 0
    with zipfile.ZipFile(zip_path) as package, package.open(member) as file:
        while chunk := file.read(MIB):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def disclose(
    results: dict[str, Any], store: FilesystemObjectStore, download: Download, size: int
) -> None:
    """store -> verified download -> ZIP -> store, then the member read back from the store."""
    key = f"disclosures/{download.org_id}/{uuid.uuid4()}.zip"
    path = layout.file_path(download.evidence_id, "bench-original.mp4")
    original = stream_download(store, download, MIB)  # evidence serves 1 MiB chunks
    info, sha256, packed = timed(
        results, "disclosure", size, lambda: asyncio.run(package(store, key, path, original))
    )
    assert (sha256, packed) == (download.sha256, size)  # as _add_original checks
    read_back = timed(results, "unzip", size, lambda: unzipped(store.root / key, path))
    assert read_back == (download.sha256, size)
    results["package_bytes"] = info.size
    results["package_sha256"] = info.sha256


def run(size: int, root: Path) -> dict[str, Any]:
    store = FilesystemObjectStore(root)
    results: dict[str, Any] = {
        "file_bytes": size,
        "file_mib": round(size / MIB, 1),
        "block_bytes": BLOCK,
        "peak_rss_mib_at_start": round(peak_rss_mib(), 1),
        "load_average_at_start": load_average(),
        "phases": {},
    }
    staged = f"uploads/{uuid.uuid4()}"
    digest = hashlib.sha256()
    timed(results, "stage", size, lambda: store.put(staged, generated(size, digest)))
    sha256 = digest.hexdigest()
    stored = timed(results, "ingest", size, lambda: store_original(store, staged, sha256))
    store.delete(staged)
    hashes = timed(results, "blocks", size, lambda: compute_blocks(store, stored.key, BLOCK))
    download = Download(uuid.uuid4(), uuid.uuid4(), stored.key, sha256, None)

    def download_all() -> None:
        out = hashlib.sha256()
        streamed = asyncio.run(drain(stream_download(store, download, MIB), out))
        assert streamed == size and out.hexdigest() == sha256

    def stream_all() -> None:
        out = hashlib.sha256()
        whole = RangeStream(download, 0, size, hashes, BLOCK)
        assert asyncio.run(drain(stream_range(store, whole), out)) == size
        assert out.hexdigest() == sha256

    def random_ranges() -> None:
        rng = random.Random(7)
        for _ in range(RANGES):
            offset = rng.randrange(size)
            length = min(rng.randrange(1, 4 * MIB), size - offset)
            part = RangeStream(download, offset, length, hashes, BLOCK)
            assert asyncio.run(drain(stream_range(store, part))) == length

    timed(results, "download", size, download_all)
    timed(results, "stream", size, stream_all)
    timed(results, "ranges", 0, random_ranges)
    results["random_ranges"] = RANGES
    disclose(results, store, download, size)
    results["peak_rss_mib"] = round(peak_rss_mib(), 1)
    results["cpu_count"] = os.cpu_count()
    results["load_average_at_end"] = load_average()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=2048, help="file size in MiB")
    parser.add_argument("--dir", type=Path, default=None, help="where the store lives")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-evidence-") as root:
        results = run(args.mib * MIB, Path(root))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "evidence_memory.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"largest file {results['file_mib']} MiB, peak RSS {results['peak_rss_mib']} MiB")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
