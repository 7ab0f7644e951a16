"""docker-compose.yml run here, without Docker: every Custody container of the resolved file
(`docker-compose config`) is started as compose would start it — its command, the
environment compose gives it, as uid 10001 in an application directory it cannot write, its
named volumes as folders that user owns — checked with its own healthcheck, and then a case's
evidence goes through the whole stack.

What stands in for what (each container gets its own loopback address, 127.a.b.n, so every
service keeps compose's ports and `gateway:50051` becomes `127.a.b.n:50051`):
  postgres  pgserver; the image's first start is replayed (the owner role and database, then
            infra/postgres/init as /docker-entrypoint-initdb.d), then every role but the
            superuser must give its password (scram-sha-256), so the URLs' passwords count
  kafka     librdkafka's mock cluster with the topics of topics.yaml (kafka-init's work)
  minio     moto's S3 server, the bucket made with object lock as minio-init makes it; moto
            implements object lock but checks no credentials
  SMTP_URL  the embedded SMTP sink (no AUTH: the test's relay URL carries no password)
Not reproduced: `:ro` on a volume (the audit service only reads its key) and the image's
filesystem; the application directory is this checkout with its .venv, as /app is the image's.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import re
import secrets
import shutil
import socket
import socketserver
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import yaml
from custody_platform.embedded.stack import Backends, postgres_dir, start_backends
from custody_platform.objectstore import S3ObjectStore, content_address
from minio import Minio
from psycopg import sql
from sqlalchemy import make_url
from tusclient.client import TusClient

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
UID = 10001  # the Dockerfile's user
IMAGE = "custody:latest"
START_TIMEOUT = 600.0  # a loaded 2-core machine imports nine services slowly
# The runtime stage's ENV, /app (the image's application directory) being ROOT; Docker sets
# HOME from the user's passwd entry, /app too. PATH: see app_interpreter.
IMAGE_ENV = {"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(ROOT)}
SYSTEM_PYTHON = Path("/usr/bin/python3.11")
# Settings that are not secrets; every other variable the Makefile's check names is one.
PLAIN = {
    "SMTP_URL": "smtp://mail-relay:2525",
    "CUSTODY_DOMAIN": "custody.test",
    "CADDY_TLS": "internal",
}
PASSWORD = "correct horse battery staple"


def deployment_env() -> dict[str, str]:
    """The variables `make compose-check` names, with values a deployment would give them
    (its own placeholders are refused by production mode, as they should be)."""
    makefile = (ROOT / "Makefile").read_text()
    block = re.search(r"^COMPOSE_CHECK_ENV :=((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    assert block, "the Makefile's COMPOSE_CHECK_ENV"
    names = re.findall(r"(\w+)=", block.group(1))
    return {name: PLAIN.get(name) or secrets.token_urlsafe(24) for name in names}


def resolved_compose(env: dict[str, str]) -> dict[str, Any]:
    if shutil.which("docker-compose") is None:
        if os.environ.get("CI"):
            pytest.fail("docker-compose is missing (apt-get install docker-compose)")
        pytest.skip("docker-compose is not installed")
    outside = {k: v for k, v in os.environ.items() if k not in env and k != "CUSTODY_IMAGE"}
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"],
        env={**outside, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(yaml.safe_load(result.stdout))


@dataclass
class Machine:
    """The backends and the addresses standing in for compose's network."""

    data: Path
    backends: Backends
    s3: str
    net: str  # 127.a.b: container n is 127.a.b.n
    bin: Path  # where `python` is found, as /app/.venv/bin in the image
    hosts: dict[str, str] = field(default_factory=dict)
    volumes: dict[str, Path] = field(default_factory=dict)

    @property
    def postgres(self) -> str:
        return f"{self.net}.1:5432"

    def targets(self) -> dict[str, str]:
        mapped = {"kafka:9092": self.backends.kafka_bootstrap_servers, "minio:9000": self.s3}
        mapped["postgres:5432"] = self.postgres
        mapped["mail-relay:2525"] = self.backends.smtp_url.removeprefix("smtp://")
        for name, ip in self.hosts.items():
            mapped |= {f"{name}:8000": f"{ip}:8000", f"{name}:50051": f"{ip}:50051"}
        return mapped

    def socket_dir(self) -> str:
        return str(make_url(self.backends.database_url).query["host"])


def rewrite(value: str, machine: Machine, mounts: dict[str, Path]) -> str:
    """Compose's names to this machine's addresses; volume paths to their folders."""
    for name, target in machine.targets().items():
        value = re.sub(rf"(?<![\w.-]){re.escape(name)}(?!\d)", target, value)
    for inside, folder in mounts.items():
        if value == inside or value.startswith(inside + "/"):
            value = str(folder) + value[len(inside) :]
    return value


@dataclass
class Container:
    name: str
    spec: dict[str, Any]
    machine: Machine
    process: subprocess.Popen[bytes] | None = None

    @property
    def ip(self) -> str:
        return self.machine.hosts[self.name]

    @property
    def log(self) -> Path:
        return self.machine.data / "logs" / f"{self.name}.log"

    def mounts(self) -> dict[str, Path]:
        pairs = (volume.split(":")[:2] for volume in self.spec.get("volumes", []))
        return {inside: self.machine.volumes[source] for source, inside in pairs}

    def env(self) -> dict[str, str]:
        env = {
            k: rewrite(str(v), self.machine, self.mounts())
            for k, v in self.spec.get("environment", {}).items()
        }
        if env.get("HTTP_HOST") == "0.0.0.0":  # every interface of the container: its own
            env["HTTP_HOST"] = self.ip
        if "TRUSTED_PROXIES" in env:  # compose's private network: this machine's 127.a.b/24
            env["TRUSTED_PROXIES"] = f"{self.machine.net}.0/24"
        path = f"{self.machine.bin}:/usr/local/bin:/usr/bin:/bin"
        return {**IMAGE_ENV, "PATH": path, **env}

    def run(self, args: list[str], **kwargs: Any) -> Any:
        """As the image's user, in the application directory."""
        return subprocess.run(
            args, cwd=ROOT, env=self.env(), user=UID, group=UID, extra_groups=[], **kwargs
        )

    def start(self) -> None:
        command = [rewrite(arg, self.machine, self.mounts()) for arg in self.spec["command"]]
        self.log.parent.mkdir(exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                user=UID,
                group=UID,
                extra_groups=[],
                umask=0o027,
                start_new_session=True,
            )

    def healthy(self) -> bool:
        test = [
            arg.replace("127.0.0.1:8000", f"{self.ip}:8000")
            for arg in self.spec["healthcheck"]["test"]
        ]
        assert test[0] == "CMD", test
        try:
            return self.run(test[1:], capture_output=True, timeout=10).returncode == 0
        except subprocess.TimeoutExpired:
            return False

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def app_interpreter(data: Path) -> Path:
    """The image's interpreter: Debian's python3.11 in a venv that sees this checkout's
    installed packages (the checkout's own venv links to an interpreter the image's user may
    not be able to reach, such as one under /root)."""
    if not SYSTEM_PYTHON.exists():
        pytest.skip(f"{SYSTEM_PYTHON} is missing (apt-get install python3.11-venv)")
    venv = data / "app-venv"
    subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", "--without-pip", str(venv)], check=True)
    packages = ROOT / ".venv" / "lib" / "python3.11" / "site-packages"
    (venv / "lib" / "python3.11" / "site-packages" / "custody-checkout.pth").write_text(
        f"import site; site.addsitedir({str(packages)!r})\n"
    )
    return venv / "bin"


def s3_with_a_locked_bucket(resources: ExitStack, minio_init: dict[str, Any]) -> str:
    """moto's server, and the bucket minio-init makes (`mc mb --with-lock`)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    resources.callback(server.stop)
    host, port = server.get_host_and_port()
    env = minio_init["environment"]
    client = Minio(f"{host}:{port}", env["S3_ACCESS_KEY"], env["S3_SECRET_KEY"], secure=False)
    client.make_bucket(env["S3_BUCKET"], object_lock=True)
    return f"{host}:{port}"


def postgres_on_tcp(resources: ExitStack, machine: Machine) -> None:
    """postgres:5432 on its own loopback address, forwarded to pgserver's socket (whose
    folder, the data directory, only Postgres's own user may enter)."""
    server = socketserver.ThreadingTCPServer(
        (machine.postgres.split(":")[0], 5432), _Forward, bind_and_activate=False
    )
    server.daemon_threads = server.allow_reuse_address = True
    server.server_bind()
    server.server_activate()
    server.upstream = f"{machine.socket_dir()}/.s.PGSQL.5432"  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    resources.callback(server.server_close)
    resources.callback(server.shutdown)


class _Forward(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        with socket.socket(socket.AF_UNIX) as upstream:
            upstream.connect(self.server.upstream)  # type: ignore[attr-defined]
            back = threading.Thread(target=_pipe, args=(upstream, self.request), daemon=True)
            back.start()
            _pipe(self.request, upstream)
            back.join()


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(1 << 16):
            target.sendall(chunk)
    except OSError:
        pass  # the other side went away: the connection is over
    finally:
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)


def replay_postgres_first_start(machine: Machine, postgres: dict[str, Any]) -> None:
    """What the postgres image does on an empty volume: the owner and its database, then the
    scripts compose mounts at /docker-entrypoint-initdb.d; then passwords are required."""
    env = {k: str(v) for k, v in postgres["environment"].items()}
    owner, database = sql.Identifier(env["POSTGRES_USER"]), sql.Identifier(env["POSTGRES_DB"])
    with _as_superuser(machine) as db:
        password = sql.Literal(env["POSTGRES_PASSWORD"])
        db.execute(sql.SQL("CREATE ROLE {} SUPERUSER LOGIN PASSWORD {}").format(owner, password))
        db.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(database, owner))
    mounts = dict(reversed(volume.split(":")[:2]) for volume in postgres["volumes"])
    for script in sorted(Path(mounts["/docker-entrypoint-initdb.d"]).glob("*.sh")):
        run_env = {"PATH": os.environ["PATH"], "PGHOST": machine.socket_dir(), **env}
        subprocess.run(["bash", str(script)], env=run_env, check=True, timeout=60)
    (postgres_dir(machine.data) / "pg_hba.conf").write_text(
        "local all postgres trust\nlocal all all scram-sha-256\n"
    )
    with _as_superuser(machine) as db:
        db.execute("SELECT pg_reload_conf()")


def _as_superuser(machine: Machine) -> psycopg.Connection[Any]:
    return psycopg.connect(
        host=machine.socket_dir(), user="postgres", dbname="postgres", autocommit=True
    )


def volume_folders(machine: Machine, specs: dict[str, dict[str, Any]]) -> None:
    """A named volume starts as the image's folder: owned by the image's user."""
    for spec in specs.values():
        for volume in spec.get("volumes", []):
            source = volume.split(":")[0]
            folder = machine.data / "volumes" / source
            folder.mkdir(parents=True, exist_ok=True)
            os.chown(folder, UID, UID)
            folder.chmod(0o750)
            machine.volumes[source] = folder


def bring_up(containers: dict[str, Container]) -> None:
    """Starts each container once what it depends_on is healthy (or done, for one-shots)."""
    started: set[str] = set()
    ready: set[str] = set()
    deadline = time.monotonic() + START_TIMEOUT
    while ready != set(containers):
        for name, container in containers.items():
            needs = set(container.spec.get("depends_on", {})) & set(containers)
            if name not in started and needs <= ready:
                container.start()
                started.add(name)
        for name in started - ready:
            if _ready(containers[name]):
                ready.add(name)
        if time.monotonic() > deadline:
            late = [containers[n] for n in set(containers) - ready]
            pytest.fail("\n".join(f"{c.name} not ready; its log:\n{c.tail()}" for c in late))
        time.sleep(1.0)


def _ready(container: Container) -> bool:
    assert container.process is not None
    code = container.process.poll()
    if container.spec.get("restart") == "no":  # a one-shot: ready once it succeeded
        if code not in (None, 0):
            pytest.fail(f"{container.name} exited with {code}:\n{container.tail()}")
        return code == 0
    if code is not None:
        pytest.fail(
            f"{container.name} exited with {code}, it would crash-loop:\n{container.tail()}"
        )
    return bool(container.healthy())


def others_may_enter(path: Path) -> bool:
    """The image's user must reach the checkout (its code and packages) through every parent."""
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in (path, *path.parents))


@pytest.fixture(scope="module")
def compose() -> Iterator[dict[str, Any]]:
    if not others_may_enter(ROOT / ".venv" / "lib"):
        pytest.skip(f"uid {UID} cannot enter {ROOT}: a parent folder is closed to others")
    env = deployment_env()
    resolved = resolved_compose(env)["services"]
    custody = {name: spec for name, spec in resolved.items() if spec.get("image") == IMAGE}
    data = Path(tempfile.mkdtemp(prefix="custody-compose-"))
    data.chmod(0o755)  # Postgres (its own user) and uid 10001 pass through it
    with ExitStack() as resources, pytest.MonkeyPatch.context() as patch:
        resources.callback(shutil.rmtree, data, True)
        for name in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "S3_ENDPOINT", "SMTP_URL"):
            patch.delenv(name, raising=False)  # the embedded backends, whatever the shell says
        backends = start_backends(data)
        resources.callback(backends.stop)
        s3 = s3_with_a_locked_bucket(resources, resolved["minio-init"])
        net = f"127.{random.randint(64, 250)}.{random.randint(0, 250)}"
        machine = Machine(data, backends, s3, net, app_interpreter(data))
        machine.hosts = {name: f"{net}.{index + 2}" for index, name in enumerate(custody)}
        volume_folders(machine, custody)
        postgres_on_tcp(resources, machine)
        replay_postgres_first_start(machine, resolved["postgres"])
        containers = {name: Container(name, spec, machine) for name, spec in custody.items()}
        for container in containers.values():
            resources.callback(container.stop)
        bring_up(containers)
        yield {"env": env, "containers": containers, "machine": machine, "resolved": resolved}


def test_every_custody_container_of_compose_starts_and_stays_healthy(
    compose: dict[str, Any],
) -> None:
    containers: dict[str, Container] = compose["containers"]
    listed = yaml.safe_load((ROOT / "infra" / "services.yaml").read_text())["services"]
    one_shots = {"ledger-key", "c2pa-key"}  # they make the signing keys once
    assert {s["name"] for s in listed} | one_shots == set(containers)
    for container in containers.values():
        assert container.process is not None
        if container.spec.get("restart") == "no":
            assert container.process.returncode == 0, container.name
        else:
            assert container.process.poll() is None and container.healthy(), container.tail()


def test_the_services_user_cannot_write_the_application_directory(
    compose: dict[str, Any],
) -> None:
    gateway: Container = compose["containers"]["gateway"]
    probe = gateway.run(
        ["python", "-c", "open('written-by-the-service', 'w')"], capture_output=True, text=True
    )
    assert probe.returncode != 0 and "PermissionError" in probe.stderr
    assert not (ROOT / "written-by-the-service").exists()


def test_the_database_asks_every_service_role_for_its_password(compose: dict[str, Any]) -> None:
    machine: Machine = compose["machine"]
    host, port = machine.postgres.split(":")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(
            host=host, port=port, user="audit_ledger", password="wrong", dbname="custody"
        ).close()
    audit: Container = compose["containers"]["audit"]
    assert make_url(audit.env()["AUDIT_WRITER_DATABASE_URL"]).username == "audit_ledger"


def test_a_cases_evidence_flows_through_and_is_locked_when_the_case_closes(
    compose: dict[str, Any],
) -> None:
    containers: dict[str, Container] = compose["containers"]
    gateway_env = containers["gateway"].env()
    with httpx.Client(base_url=f"http://{containers['gateway'].ip}:8000", timeout=30) as api:
        admin = sign_in(api, gateway_env["FIRST_ADMIN_EMAIL"], gateway_env["FIRST_ADMIN_PASSWORD"])
        org = call(
            api, "POST", "/api/v1/orgs", admin, {"name": f"Compose PD {secrets.token_hex(3)}"}, 201
        )
        lead, chief = person(api, admin, org, "investigator"), person(api, admin, org, "org_admin")
        call(api, "PUT", "/api/v1/retention-policies/homicide", chief, {"days": 30})
        body = {"title": "Compose check", "categories": ["homicide"]}
        case = call(api, "POST", "/api/v1/cases", lead, body, 201)
        grant = call(api, "POST", f"/api/v1/cases/{case['id']}/uploads", lead, {}, 201)
        # Links name the one public origin; Caddy forwards /ingest to the device gateway.
        assert grant["tus_url"] == "https://custody.test/ingest/v1/uploads"
        data = os.urandom(300_000)
        device_gateway = f"http://{containers['device-gateway'].ip}:8000/ingest/v1/uploads"
        upload(device_gateway, grant["token"], data)
        evidence = listing(api, f"/api/v1/cases/{case['id']}/evidence", lead)
        [item] = wait_for(evidence, "the evidence item")
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
        records = listing(api, "/api/v1/audit/records", lead, object_id=case["id"])
        assert wait_for(records, "the case's record in the ledger")
        call(api, "POST", f"/api/v1/cases/{case['id']}/status", lead, {"status": "closed"})
    lock = s3_store(compose).lock_state(content_address(item["sha256"]))
    assert lock.mode == "governance"
    month = datetime.now(UTC) + timedelta(days=29)
    assert lock.retain_until is not None and lock.retain_until > month


def test_the_web_app_signs_a_person_in_through_the_gateway(compose: dict[str, Any]) -> None:
    containers: dict[str, Container] = compose["containers"]
    gateway_env = containers["gateway"].env()
    base = f"http://{containers['web'].ip}:8000"
    with httpx.Client(base_url=base, timeout=30, follow_redirects=True) as browser:
        page = browser.get("/sign-in").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, "no CSRF token on the sign-in page"
        form = {
            "csrf_token": token.group(1),
            "email": gateway_env["FIRST_ADMIN_EMAIL"],
            "password": gateway_env["FIRST_ADMIN_PASSWORD"],
            "next": "/",
        }
        assert "Sign out" in browser.post("/sign-in", data=form).text


def s3_store(compose: dict[str, Any]) -> S3ObjectStore:
    env = compose["resolved"]["minio-init"]["environment"]
    machine: Machine = compose["machine"]
    return S3ObjectStore(
        machine.s3, env["S3_ACCESS_KEY"], env["S3_SECRET_KEY"], env["S3_BUCKET"], False
    )


def call(
    client: httpx.Client,
    method: str,
    path: str,
    headers: dict[str, str],
    body: Any = None,
    expect: int = 200,
    **kwargs: Any,
) -> Any:
    response = client.request(method, path, json=body, headers=headers, **kwargs)
    assert response.status_code == expect, (
        f"{method} {path}: {response.status_code} {response.text}"
    )
    return response.json() if response.content else None


def sign_in(client: httpx.Client, email: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def person(
    client: httpx.Client, admin: dict[str, str], org: dict[str, Any], role: str
) -> dict[str, str]:
    email = f"{role}.{secrets.token_hex(4)}@compose.example"
    body = {"email": email, "password": PASSWORD, "display_name": role, "roles": [role]}
    call(client, "POST", f"/api/v1/orgs/{org['id']}/users", admin, body, 201)
    return sign_in(client, email, PASSWORD)


def upload(tus_url: str, token: str, data: bytes) -> None:
    client = TusClient(tus_url, headers={"Authorization": f"Bearer {token}"})
    metadata = {"filename": "compose.bin", "filetype": "application/octet-stream"}
    client.uploader(file_stream=io.BytesIO(data), chunk_size=1 << 20, metadata=metadata).upload()


def listing(
    client: httpx.Client, path: str, headers: dict[str, str], **params: str
) -> Callable[[], list[Any]]:
    return lambda: list(call(client, "GET", path, headers, params=params)["items"])


def wait_for(probe: Any, what: str, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := probe()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.5)
    return found
