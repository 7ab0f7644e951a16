"""A real evidence service (its gRPC API, database schema and consumer) next to a real
redaction service, sharing one object store, as in the stack. Kafka delivery between them is
done by handing outbox rows to the consumers, so each test controls its timing."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import pytest
from custody_contracts.envelope import Envelope
from custody_contracts.events import Event, parse_event
from custody_contracts.events.device_gateway import ExportContext, VideoUploaded
from custody_contracts.grpc import evidence_pb2, evidence_pb2_grpc
from custody_contracts.principal import Principal
from custody_platform.grpc import GrpcClient, call_metadata, start_grpc_server
from custody_platform.migrations import upgrade
from custody_platform.objectstore import FilesystemObjectStore
from custody_platform.runtime import ServiceParts, ServiceRuntime
from evidence.bootstrap import build as build_evidence
from evidence.config import Settings as EvidenceSettings
from redaction.adapters.c2pa_keys import C2paAuthority
from redaction.bootstrap import build as build_redaction
from redaction.bootstrap import worker_deps
from redaction.config import Settings
from redaction.entrypoints.grpc_api import RedactionServicer
from redaction.service_layer.ports import WorkerDeps
from sqlalchemy import text

SYNTH = Path("/work/shared/data/faces/video/synth_720p.mp4")


def cut_clip(src: Path, dst: Path, seconds: float, width: int = 640) -> Path:
    """The first `seconds` of src, scaled to `width`, re-encoded as H.264 MP4."""
    with av.open(str(src)) as source, av.open(str(dst), "w") as out:
        video = source.streams.video[0]
        rate = Fraction(video.average_rate or 30)
        stream = out.add_stream("libx264", rate=rate)
        stream.width, stream.height = width, round(video.height * width / video.width / 2) * 2
        stream.pix_fmt, stream.options = "yuv420p", {"preset": "ultrafast"}
        for index, frame in enumerate(source.decode(video)):
            if index >= seconds * rate:
                break
            scaled = frame.reformat(width=stream.width, height=stream.height, format="yuv420p")
            out.mux(stream.encode(scaled))
        out.mux(stream.encode(None))
    return dst


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    work = tmp_path_factory.mktemp("clips")
    return {
        "short": cut_clip(SYNTH, work / "short.mp4", 1.0).read_bytes(),
        "long": cut_clip(SYNTH, work / "long.mp4", 6.0).read_bytes(),
    }


@dataclass
class Original:
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    sha256: str
    owner: Principal


@dataclass
class Services:
    evidence: ServiceRuntime
    evidence_parts: ServiceParts
    redaction: ServiceRuntime
    redaction_parts: ServiceParts
    store: FilesystemObjectStore
    evidence_port: int
    clients: GrpcClient

    def deps(self, index: int = 0) -> WorkerDeps:
        settings = self.redaction.settings
        assert isinstance(settings, Settings)
        return worker_deps(self.redaction, settings, self.store, self.clients, index)

    def evidence_stub(self) -> evidence_pb2_grpc.EvidenceStub:
        return evidence_pb2_grpc.EvidenceStub(
            self.clients.channel(f"127.0.0.1:{self.evidence_port}")
        )

    async def ingest(self, data: bytes, filename: str = "clip.mp4") -> Original:
        """An upload becomes evidence in a fresh org, through evidence's own consumer."""
        upload_id = uuid.uuid4()
        self.store.put(f"uploads/{upload_id}", data)
        event = _uploaded(upload_id, data, filename)
        await _deliver(self.evidence_parts, event, "device-gateway")
        row = await _one(
            self.evidence,
            "SELECT id, org_id FROM evidence.evidence_items WHERE upload_id = :u",
            u=upload_id,
        )
        owner = Principal(user_id=uuid.uuid4(), org_id=row["org_id"], roles=frozenset())
        return Original(row["id"], row["org_id"], hashlib.sha256(data).hexdigest(), owner)

    async def request_redaction(self, original: Original) -> uuid.UUID:
        """Through evidence's RPC, then its RedactionRequested handed to redaction's intake."""
        accepted = await self.evidence_stub().RequestRedaction(
            evidence_pb2.RequestRedactionRequest(evidence_id=str(original.evidence_id)),
            metadata=call_metadata(original.owner),
        )
        job_id = uuid.UUID(accepted.job_id)
        for event in await self.outbox(self.evidence, "evidence.redaction_requested.v1"):
            if event["job_id"] == str(job_id):
                await _deliver(self.redaction_parts, parse_event(json.dumps(event)), "evidence")
        return job_id

    async def outbox(self, runtime: ServiceRuntime, event_type: str) -> list[dict[str, Any]]:
        schema = runtime.settings.schema_name
        query = text(f"SELECT payload FROM {schema}.outbox WHERE event_type = :t ORDER BY seq")
        async with runtime.engine.connect() as conn:
            rows = (await conn.execute(query, {"t": event_type})).scalars().all()
        return [json.loads(r) for r in rows]

    async def job(self, job_id: uuid.UUID) -> dict[str, Any]:
        return await _one(self.redaction, "SELECT * FROM redaction.jobs WHERE id = :j", j=job_id)


def _uploaded(upload_id: uuid.UUID, data: bytes, filename: str) -> VideoUploaded:
    start = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    export = ExportContext(
        export_id=uuid.uuid4(),
        request_id=uuid.uuid4(),
        line_item_id=uuid.uuid4(),
        owner_org_id=uuid.uuid4(),
        requester_org_id=uuid.uuid4(),
        camera_id=uuid.uuid4(),
        case_number=f"MPD-{uuid.uuid4().hex[:6]}",
        permission="download",
    )
    return VideoUploaded(
        upload_id=upload_id,
        device_id=uuid.uuid4(),
        export=export,
        object_key=f"uploads/{upload_id}",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        filename=filename,
        content_type="video/mp4",
        start=start,
        end=start + timedelta(minutes=1),
    )


async def _deliver(parts: ServiceParts, event: Event, source: str) -> None:
    consumer, topics = parts.consumers[0]
    headers = {k: v.decode() for k, v in Envelope(type=event.type, source=source).to_headers()}
    body = event.model_dump_json().encode()
    await consumer.handle(body, headers, topic=topics[0], partition=0, offset=0, key=None)


async def _one(runtime: ServiceRuntime, sql: str, **params: Any) -> dict[str, Any]:
    async with runtime.engine.connect() as conn:
        return dict((await conn.execute(text(sql), params)).mappings().one())


@pytest.fixture
async def services(
    database_url: str, kafka_bootstrap_servers: str, tmp_path: Path
) -> AsyncIterator[Services]:
    upgrade("evidence", database_url)
    upgrade("redaction", database_url)
    objects = tmp_path / "objects"
    common: dict[str, Any] = {
        "database_url": database_url,
        "kafka_bootstrap_servers": kafka_bootstrap_servers,
        "object_store_path": objects,
    }
    evidence = ServiceRuntime(EvidenceSettings(**common, download_chunk_bytes=64 * 1024))
    evidence_parts = build_evidence(evidence)
    server = await start_grpc_server(
        evidence_parts.grpc_servicers, port=0, service_name="evidence", host="127.0.0.1"
    )
    redaction = ServiceRuntime(
        Settings(
            **common,
            evidence_grpc_addr=f"127.0.0.1:{server.port}",
            redaction_lease_seconds=1.5,
            redaction_heartbeat_seconds=0.1,
            redaction_progress_seconds=0.2,
            redaction_work_dir=tmp_path / "work",
            c2pa_ca_key_path=tmp_path / "c2pa-ca-key.pem",
        )
    )
    # The database outlives a test: a worker claims the oldest queued job, so start each
    # test with an empty queue rather than inherit another test's jobs.
    async with redaction.engine.begin() as conn:
        await conn.execute(text("TRUNCATE redaction.jobs, redaction.tracks"))
    clients = GrpcClient()
    yield Services(
        evidence,
        evidence_parts,
        redaction,
        build_redaction(redaction),
        FilesystemObjectStore(objects),
        server.port,
        clients,
    )
    await clients.close()
    await server.stop(None)
    for runtime, parts in ((evidence, evidence_parts),):
        for hook in parts.on_stop:
            await hook()
        await runtime.publisher.stop()
        await runtime.engine.dispose()
    await redaction.publisher.stop()
    await redaction.engine.dispose()


class GrantedItems:
    """Stands in for evidence's answer to "may this caller see this item?" (the real call is
    proven end to end in tests/e2e/test_roles.py)."""

    def __init__(self) -> None:
        self.granted: set[tuple[uuid.UUID, uuid.UUID]] = set()

    async def visible(self, principal: Principal, evidence_id: uuid.UUID) -> bool:
        return (principal.user_id, evidence_id) in self.granted


NO_GRANTS = GrantedItems()


@pytest.fixture
async def runtime(database_url: str, kafka_bootstrap_servers: str) -> AsyncIterator[ServiceRuntime]:
    """The service's database (migrated) and publisher, as its process has them."""
    upgrade("redaction", database_url)
    runtime = ServiceRuntime(
        Settings(database_url=database_url, kafka_bootstrap_servers=kafka_bootstrap_servers)
    )
    yield runtime
    await runtime.publisher.stop()
    await runtime.engine.dispose()


def redaction_servicer(runtime: ServiceRuntime, files: Path) -> RedactionServicer:
    """The gRPC servicer over the runtime's database and a filesystem store at files (its C2PA
    CA key made there too)."""
    ca = C2paAuthority(files / "c2pa-ca-key.pem", create=True)
    return RedactionServicer(runtime.uow, FilesystemObjectStore(files), NO_GRANTS, ca)
