"""docs/deploy, checked offline.

Kubernetes' own kinds are validated against the Kubernetes JSON schemas that the
kubernetes-validate package bundles (strict: an unknown field is an error), file by file and
as `kubectl kustomize` builds the example overlay (when kubectl is installed). The operators'
kinds (Strimzi, CloudNativePG, KEDA) have no schema in a package registry this project can
install from, so they are held to their required fields and to what Custody needs of them.
The generated parts must be what scripts/gen_deploy.py makes today, and the workloads must
keep the production rules: uid 10001, read-only root filesystem, probes like compose's
healthcheck, settings from the ConfigMap and secrets only as NAME_FILE files.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import kubernetes_validate
import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "docs/deploy"
KUBERNETES = "1.33"
SECRETS = {
    "JWT_SECRET", "S3_SECRET_KEY", "DATABASE_URL", "SMTP_URL", "FIRST_ADMIN_PASSWORD",
    "AUDIT_WRITER_DATABASE_URL", "POSTGRES_PASSWORD", "AUDIT_LEDGER_PASSWORD",
}  # fmt: skip
# Compose gives every service these; on Kubernetes only the services that use them get them.
WITH_DATABASE = {"gateway", "registry", "requests", "evidence", "redaction", "notifier"}
ONLY_FOR = {
    "SMTP_URL": {"notifier"},
    "DATABASE_URL": WITH_DATABASE | {"device-gateway", "audit"},
}
OPERATOR_KINDS = {
    ("kafka.strimzi.io/v1", "Kafka"): ("spec.kafka.listeners", "spec.entityOperator"),
    ("kafka.strimzi.io/v1", "KafkaNodePool"): ("spec.replicas", "spec.roles", "spec.storage"),
    ("kafka.strimzi.io/v1", "KafkaTopic"): ("spec.partitions", "spec.replicas"),
    ("postgresql.cnpg.io/v1", "Cluster"): ("spec.instances", "spec.storage.size"),
    ("keda.sh/v1alpha1", "ScaledObject"): ("spec.scaleTargetRef.name", "spec.triggers"),
    ("keda.sh/v1alpha1", "TriggerAuthentication"): ("spec.secretTargetRef",),
}


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_deploy", ROOT / "scripts/gen_deploy.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _manifests() -> list[Path]:
    return sorted(p for p in DEPLOY.rglob("*.yaml") if p.name != "kustomization.yaml")


def _documents(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(text) if doc]


def _all_base() -> list[dict[str, Any]]:
    paths = sorted((DEPLOY / "base").glob("*.yaml"))
    docs = [doc for path in paths for doc in _documents(path.read_text())]
    return [doc for doc in docs if doc.get("kind") not in (None, "Kustomization")]


def _get(doc: dict[str, Any], dotted: str) -> Any:
    node: Any = doc
    for part in dotted.split("."):
        node = node[part]
    return node


def _validate(doc: dict[str, Any], where: str) -> None:
    key = (doc["apiVersion"], doc["kind"])
    if key in OPERATOR_KINDS:
        for field in ("metadata.name", *OPERATOR_KINDS[key]):
            assert _get(doc, field) not in (None, "", []), f"{where}: {key[1]} lacks {field}"
        return
    kubernetes_validate.validate(doc, KUBERNETES, strict=True)


def _deployments() -> dict[str, dict[str, Any]]:
    docs = _all_base()
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}


def test_the_generated_manifests_are_current() -> None:
    gen = _generator()
    base = DEPLOY / "base"
    workloads = (base / "workloads.yaml").read_text()
    assert workloads == gen.render(gen.workloads()), "stale: run `make deploy-manifests`"
    assert (base / "kafka-topics.yaml").read_text() == gen.render(gen.kafka_topics())
    assert (base / "Caddyfile").read_text() == (ROOT / "infra/caddy/Caddyfile").read_text()


@pytest.mark.parametrize("path", _manifests(), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_manifest_file_is_valid(path: Path) -> None:
    for doc in _documents(path.read_text()):
        _validate(doc, str(path.relative_to(DEPLOY)))


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl (Debian package) absent")
def test_the_example_overlay_builds_into_valid_resources() -> None:
    built = subprocess.run(
        ["kubectl", "kustomize", str(DEPLOY / "overlays/example")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    docs = _documents(built)
    for doc in docs:
        _validate(doc, "overlays/example (built)")
        assert doc["kind"] == "Namespace" or doc["metadata"]["namespace"] == "custody"
    [scaler] = [d for d in docs if d["kind"] == "ScaledObject"]
    assert scaler["spec"]["scaleTargetRef"]["name"] in {
        d["metadata"]["name"] for d in docs if d["kind"] == "Deployment"
    }


def test_a_misspelt_field_is_refused() -> None:
    """The validator is strict: it would catch the mistakes it is here for."""
    doc = _deployments()["gateway"]
    broken = {**doc, "spec": {**doc["spec"], "replica": 2}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES, strict=True)


def test_every_service_runs_as_compose_runs_it_hardened() -> None:
    services = yaml.safe_load((ROOT / "infra/services.yaml").read_text())["services"]
    deployments = _deployments()
    for service in services:
        pod = deployments[service["name"]]["spec"]["template"]["spec"]
        [container] = pod["containers"]
        assert container["command"] == ["python", "-m", service["module"]]
        assert pod["securityContext"]["runAsUser"] == 10001
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
        assert set(container["resources"]) == {"requests", "limits"}
        liveness = container["livenessProbe"]
        assert liveness["httpGet"]["path"] == "/healthz"
        assert (liveness["periodSeconds"], liveness["timeoutSeconds"]) == (10, 5)
        assert liveness["failureThreshold"] == 6


def test_settings_are_compose_s_and_secrets_come_only_from_files() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    config = next(d for d in _all_base() if d["metadata"]["name"] == "custody-config")["data"]
    for name, deployment in _deployments().items():
        if name == "front-door":
            continue
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        env = {e["name"]: e.get("value") for e in container["env"]}
        given = set(config) | set(env) | {n.removesuffix("_FILE") for n in env}
        wanted = {k for k in compose[name]["environment"] if name in ONLY_FOR.get(k, {name})}
        assert wanted <= given, f"{name}: {wanted - given} missing"
        assert not SECRETS & (set(env) | set(config)), f"{name}: a secret as a plain value"
        mounted = _secret_paths(deployment)
        for setting, path in env.items():
            if setting.endswith("_FILE"):
                assert path in mounted, f"{name}: {setting} names {path}, not mounted"


def _secret_paths(deployment: dict[str, Any]) -> set[str]:
    pod = deployment["spec"]["template"]["spec"]
    mounts = {m["name"]: m["mountPath"] for m in pod["containers"][0]["volumeMounts"]}
    paths = set()
    for volume in pod["volumes"]:
        for item in volume.get("secret", {}).get("items", []):
            paths.add(f"{mounts[volume['name']]}/{item['path']}")
    return paths


def test_the_ledger_has_one_writer_replaced_not_rolled() -> None:
    audit = _deployments()["audit"]["spec"]
    assert audit["replicas"] == 1
    assert audit["strategy"] == {"type": "Recreate"}


def test_kafka_topics_are_those_of_topics_yaml() -> None:
    topics = yaml.safe_load((ROOT / "infra/kafka/topics.yaml").read_text())["topics"]
    docs = [d for d in _all_base() if d["kind"] == "KafkaTopic"]
    [kafka] = [d["metadata"]["name"] for d in _all_base() if d["kind"] == "Kafka"]
    assert {d["spec"]["topicName"]: d["spec"]["partitions"] for d in docs} == {
        name: settings["partitions"] for name, settings in topics.items()
    }
    for doc in docs:
        assert doc["metadata"]["labels"]["strimzi.io/cluster"] == kafka
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", doc["metadata"]["name"])


def test_metrics_port_is_open_to_no_other_namespace_than_monitoring() -> None:
    for policy in (d for d in _all_base() if d["kind"] == "NetworkPolicy"):
        for rule in policy["spec"].get("ingress", []):
            if {"port": 8000, "protocol": "TCP"} not in rule.get("ports", []):
                continue
            peers = rule.get("from", [])
            namespaces = [p["namespaceSelector"] for p in peers if "namespaceSelector" in p]
            assert rule.get("from"), f"{policy['metadata']['name']}: port 8000 from anywhere"
            for selector in namespaces:
                assert selector["matchLabels"]["kubernetes.io/metadata.name"] in {
                    "monitoring",
                    "cnpg-system",  # the Postgres instances' status port, not a service's
                }
