"""The installation's C2PA CA certificate over gRPC: served without a principal (a recipient of
a redacted copy has no account), the certificate the copies chain to, with its fingerprint;
a new key file shows at the next call (decision 0049)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from custody_contracts.grpc import redaction_pb2, redaction_pb2_grpc
from custody_platform.grpc import GrpcClient, start_grpc_server
from custody_platform.runtime import ServiceRuntime
from redaction.adapters.c2pa_keys import C2paAuthority

from .conftest import redaction_servicer

pytestmark = pytest.mark.integration


async def test_the_ca_certificate_is_served_to_anyone(
    runtime: ServiceRuntime, tmp_path: Path
) -> None:
    servicer = redaction_servicer(runtime, tmp_path)
    key = tmp_path / "c2pa-ca-key.pem"
    server = await start_grpc_server(
        [(redaction_pb2_grpc.add_RedactionServicer_to_server, servicer)],
        port=0,
        service_name="redaction",
        host="127.0.0.1",
    )
    try:
        async with GrpcClient() as clients:
            stub = redaction_pb2_grpc.RedactionStub(clients.channel(f"127.0.0.1:{server.port}"))
            ask = redaction_pb2.GetC2paCertificateRequest()
            got = await stub.GetC2paCertificate(ask)  # no principal in the metadata
            pem = C2paAuthority(key, create=False).ca_certificate_pem()
            assert got.certificate_pem == pem.decode()
            fingerprint = x509.load_pem_x509_certificate(pem).fingerprint(hashes.SHA256())
            assert got.sha256 == fingerprint.hex() and len(got.sha256) == 64
            org_chain = C2paAuthority(key, create=False).for_org(uuid.uuid4()).chain_pem
            assert org_chain.endswith(pem)  # what copies carry after their organization's

            key.unlink()  # a rotation: a new key file in its place
            C2paAuthority(key, create=True)
            rotated = await stub.GetC2paCertificate(ask)
            assert rotated.sha256 != got.sha256
            assert (
                rotated.certificate_pem
                == C2paAuthority(key, create=False).ca_certificate_pem().decode()
            )
    finally:
        await server.stop(None)
