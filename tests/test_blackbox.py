"""The blackbox exporter's configuration (infra/blackbox/blackbox.yml) passes the real exporter's
check, and its front-door module, probing a TLS server here, yields the metric the certificate
alerts read; Prometheus's job "blackbox" asks for that module.

Debian's `prometheus-blackbox-exporter` provides the binary; without it these tests skip,
unless CI is set (.ci/run installs it), where they fail."""

from __future__ import annotations

import json
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "infra" / "blackbox" / "blackbox.yml"
MODULE = "front_door_tls"
NOT_AFTER = datetime(2031, 1, 2, tzinfo=UTC)


def exporter() -> str:
    found = shutil.which("prometheus-blackbox-exporter")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("apt-get install prometheus-blackbox-exporter")
        pytest.skip("prometheus-blackbox-exporter is not installed")
    return found


def check(config: Path) -> subprocess.CompletedProcess[str]:
    command = [exporter(), "--config.check", f"--config.file={config}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_the_configuration_passes_the_exporter_s_check() -> None:
    done = check(CONFIG)
    assert done.returncode == 0, done.stderr


def test_the_check_refuses_a_misspelt_setting(tmp_path: Path) -> None:
    broken = yaml.safe_load(CONFIG.read_text())
    broken["modules"][MODULE]["http"]["fail_if_not_tls"] = True  # it is fail_if_not_ssl
    (tmp_path / "blackbox.yml").write_text(yaml.safe_dump(broken))
    assert check(tmp_path / "blackbox.yml").returncode != 0


def test_prometheus_probes_the_front_door_through_the_exporter() -> None:
    config = yaml.safe_load((ROOT / "infra" / "prometheus" / "prometheus.yml").read_text())
    job = next(j for j in config["scrape_configs"] if j["job_name"] == "blackbox")
    assert job["metrics_path"] == "/probe" and job["params"]["module"] == [MODULE]
    assert job["file_sd_configs"] == [{"files": ["/prometheus/front-door.json"]}]
    address = next(r for r in job["relabel_configs"] if r["target_label"] == "__address__")
    assert address["replacement"] == "blackbox-exporter:9115"
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert "blackbox-exporter" in compose


@pytest.mark.parametrize(
    ("caddy_tls", "module", "ca"),
    [("ops@example.org", MODULE, "public"), ("internal", "front_door_tls_internal_ca", "internal")],
)
def test_prometheus_s_entrypoint_writes_the_front_door_target(
    tmp_path: Path, caddy_tls: str, module: str, ca: str
) -> None:
    target = tmp_path / "front-door.json"
    env = {"CUSTODY_DOMAIN": "custody.example.org", "CADDY_TLS": caddy_tls}
    env |= {"FRONT_DOOR_FILE": str(target), "PROMETHEUS": "echo"}
    script = ROOT / "infra" / "prometheus" / "front-door.sh"
    done = subprocess.run(
        ["sh", str(script), "--config.file=x"], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0 and done.stdout == "--config.file=x\n", done.stderr
    labels = {"__param_module": module, "ca": ca}
    assert json.loads(target.read_text()) == [
        {"targets": ["https://custody.example.org/healthz"], "labels": labels}
    ]
    assert module in yaml.safe_load(CONFIG.read_text())["modules"]


def test_a_probe_reports_the_certificate_expiry_the_alerts_read(
    tmp_path: Path, tls_site: tuple[str, Path]
) -> None:
    url, ca_file = tls_site
    # The module as shipped, trusting this test's own CA as a site on a private CA would.
    config = yaml.safe_load(CONFIG.read_text())
    config["modules"][MODULE]["http"]["tls_config"]["ca_file"] = str(ca_file)
    (tmp_path / "blackbox.yml").write_text(yaml.safe_dump(config))
    metrics = probe(tmp_path / "blackbox.yml", url)
    assert metrics["probe_success"] == 1
    assert metrics["probe_ssl_earliest_cert_expiry"] == NOT_AFTER.timestamp()
    alerts = (ROOT / "infra" / "prometheus" / "alerts.yml").read_text()
    assert 'probe_ssl_earliest_cert_expiry{ca!="internal"} - time()' in alerts


def probe(config: Path, target: str) -> dict[str, float]:
    """One probe through a running exporter, as Prometheus asks for it: the unlabelled samples."""
    port = free_port()
    command = [exporter(), f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}"]
    with subprocess.Popen(command, stderr=subprocess.DEVNULL) as running:
        try:
            body = _get_probe(port, target)
        finally:
            running.terminate()
    samples = (line.rpartition(" ") for line in body.splitlines() if not line.startswith("#"))
    return {name: float(value) for name, _, value in samples if name and "{" not in name}


def _get_probe(port: int, target: str) -> str:
    deadline = time.monotonic() + 30  # a bound on waiting for it to listen, not an assertion
    while True:
        try:
            response = httpx.get(
                f"http://127.0.0.1:{port}/probe",
                params={"module": MODULE, "target": target},
                timeout=15,
            )
            response.raise_for_status()
            return response.text
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def tls_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTPS server on 127.0.0.1 for `localhost` that answers /healthz, with a certificate
    from a CA of its own that expires at NOT_AFTER."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.now(UTC) - timedelta(days=1))
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "site.pem", tmp_path / "site.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Healthz)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"https://localhost:{server.server_address[1]}/healthz", cert_file
    finally:
        server.shutdown()
        server.server_close()


class _Healthz(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/healthz" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass
