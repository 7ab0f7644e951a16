"""The alerting configuration works with the real tools: Prometheus's alert rules pass
promtool's checks and their unit tests (infra/prometheus/alerts_test.yml), and Alertmanager's
routing passes amtool and delivers a posted alert as an email to an SMTP server.

Debian's `prometheus` and `prometheus-alertmanager` packages provide the binaries; without them
these tests skip, unless CI is set (.ci/run installs them), where they fail."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import yaml
from custody_platform.embedded.smtp import SmtpSink

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "infra" / "prometheus" / "alerts.yml"
RULE_TESTS = ROOT / "infra" / "prometheus" / "alerts_test.yml"
ALERTMANAGER = ROOT / "infra" / "alertmanager" / "alertmanager.yml"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(
                f"{name} is not installed (apt-get install prometheus prometheus-alertmanager)"
            )
        pytest.skip(f"{name} is not installed")
    return found


def run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=RULE_TESTS.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.unit
def test_alert_rules_are_valid() -> None:
    assert "SUCCESS" in run(tool("promtool"), "check", "rules", str(RULES))


@pytest.mark.unit
def test_alert_rules_pass_their_unit_tests() -> None:
    assert "SUCCESS" in run(tool("promtool"), "test", "rules", str(RULE_TESTS))


@pytest.mark.unit
def test_every_alert_has_a_test_where_it_fires_and_one_where_it_stays_quiet() -> None:
    """Quiet: an eval of the alert that expects nothing, or fewer alerts than series given."""
    rules = yaml.safe_load(RULES.read_text())
    alerts = {rule["alert"] for group in rules["groups"] for rule in group["rules"]}
    fired: set[str] = set()
    quiet: set[str] = set()
    for case in yaml.safe_load(RULE_TESTS.read_text())["tests"]:
        for check in case["alert_rule_test"]:
            expected = check.get("exp_alerts") or []
            (fired if expected else quiet).add(check["alertname"])
            if expected and len(expected) < len(case["input_series"]):
                quiet.add(check["alertname"])  # other series given did not fire it
    assert alerts - fired == set(), "alerts never shown firing"
    assert alerts - quiet == set(), "alerts never shown quiet"


@pytest.mark.unit
def test_alertmanager_configuration_is_valid() -> None:
    assert "SUCCESS" in run(tool("amtool"), "check-config", str(ALERTMANAGER))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("severity", "receiver"), [("critical", "on-call"), ("warning", "operations")]
)
def test_alerts_are_routed_by_severity(severity: str, receiver: str) -> None:
    routed = run(
        tool("amtool"), "config", "routes", "test", f"--config.file={ALERTMANAGER}",
        f"severity={severity}", "service=audit",
    )  # fmt: skip
    assert routed.strip() == receiver


@pytest.mark.integration
@pytest.mark.slow
def test_a_critical_alert_arrives_as_an_email_to_on_call(tmp_path: Path) -> None:
    with SmtpSink(tmp_path / "mail") as sink, alertmanager(tmp_path, sink.port) as api:
        alert = {
            "labels": {
                "alertname": "SignedTreeHeadStale",
                "service": "audit",
                "severity": "critical",
            },
            "annotations": {"summary": "audit: the ledger has grown but no tree head was signed"},
            "startsAt": datetime.now(UTC).isoformat(),
            "endsAt": (datetime.now(UTC) + timedelta(minutes=5)).isoformat(),
        }
        httpx.post(f"{api}/api/v2/alerts", json=[alert], timeout=10).raise_for_status()
        messages = wait_for_mail(sink, within=60)
    (message,) = messages
    assert message["To"] == "oncall@custody.invalid"
    assert message["Subject"] == "[CRITICAL] Custody: SignedTreeHeadStale (audit)"
    body = message.get_body(("plain", "html"))
    assert body is not None and "the ledger has grown" in body.get_content()


@contextlib.contextmanager
def alertmanager(tmp_path: Path, smtp_port: int) -> Iterator[str]:
    """The real Alertmanager on loopback with the repository's configuration, its relay
    pointed at the local SMTP server; yields its URL."""
    config = yaml.safe_load(ALERTMANAGER.read_text())
    config["global"]["smtp_smarthost"] = f"127.0.0.1:{smtp_port}"
    (tmp_path / "alertmanager.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    process = subprocess.Popen(
        [
            tool("prometheus-alertmanager"),
            f"--config.file={tmp_path / 'alertmanager.yml'}",
            f"--storage.path={tmp_path / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",  # one instance, no gossip port
        ],
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "alertmanager.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{url}/-/ready", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited; see its log in tmp_path"
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"{url} never became ready")


def wait_for_mail(sink: SmtpSink, within: float) -> list:  # type: ignore[type-arg]
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if messages := sink.messages():
            return messages
        time.sleep(0.5)
    raise AssertionError("no email arrived")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
