"""Webhooks' pure rules: the backoff schedule, the event types, the URL and address checks,
and the Standard Webhooks signature a receiver verifies."""

from __future__ import annotations

import ipaddress
import itertools
import json
import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from custody_contracts.events.video_requests import LineItemRef, RequestSubmitted
from custody_platform import addresses
from custody_platform.addresses import Reach
from custody_platform.errors import InvalidArgument
from notifier.domain import webhook_messages, webhooks
from notifier.domain.webhooks import RetryPolicy
from standardwebhooks import Webhook, WebhookVerificationError

pytestmark = pytest.mark.unit

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
PUBLIC = Reach()
TESTS = Reach(allow_http=True, allow_loopback=True)


def test_backoff_grows_from_five_seconds_to_ten_hours_over_eight_attempts() -> None:
    policy = RetryPolicy(jitter=0.0)
    delays = [policy.delay(n) for n in range(1, policy.max_attempts)]
    assert delays[0] == 5.0
    assert all(later > earlier for earlier, later in itertools.pairwise(delays))
    assert delays[-1] == 10 * 3600.0
    assert policy.next_attempt(7, NOW) == NOW + timedelta(hours=10)
    assert policy.next_attempt(8, NOW) is None  # the eighth failure is the last


def test_backoff_jitter_stays_within_a_fifth_and_below_the_cap() -> None:
    policy, draw = RetryPolicy(), random.Random(7)
    for attempts in range(1, 8):
        nominal = min(policy.cap, policy.base * policy.factor ** (attempts - 1))
        for _ in range(50):
            delay = policy.delay(attempts, draw)
            assert nominal * 0.8 <= delay <= min(policy.cap, nominal * 1.2)


@pytest.mark.parametrize(
    ("status", "ok"), [(200, True), (204, True), (301, False), (500, False), (None, False)]
)
def test_only_a_2xx_answer_delivers(status: int | None, ok: bool) -> None:
    assert webhooks.succeeded(status) is ok


def test_event_types_are_known_kept_in_catalogue_order_and_never_empty() -> None:
    assert webhooks.event_types(["disclosure.ready", "request.submitted"]) == [
        "request.submitted",
        "disclosure.ready",
    ]
    with pytest.raises(InvalidArgument, match="unknown"):
        webhooks.event_types(["request.eaten"])
    with pytest.raises(InvalidArgument):
        webhooks.event_types([])


def test_a_secret_is_whsec_and_usable_by_the_library() -> None:
    secret = webhooks.new_secret()
    assert secret.startswith("whsec_") and secret != webhooks.new_secret()
    Webhook(secret)  # decodes


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/in",  # plain http outside tests
        "ftp://hooks.example.com/in",
        "https://user:pw@hooks.example.com/in",
        "https:///no-host",
        "https://hooks.example.com:99999/in",
    ],
)
def test_a_bad_url_is_refused_before_any_lookup(url: str) -> None:
    with pytest.raises(InvalidArgument):
        addresses.target(url, PUBLIC)


def test_http_is_allowed_only_by_the_tests_setting() -> None:
    assert addresses.target("http://127.0.0.1:8080/in", TESTS).port == 8080
    assert addresses.target("https://hooks.example.com/in", PUBLIC).port == 443


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "metadata"),
        ("169.254.10.10", "link-local"),
        ("fd00:ec2::254", "metadata"),
        ("fd12:3456::1", "private"),  # unique-local
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "public"),  # carrier-grade NAT: shared, not public
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "metadata"),
        ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
    ],
)
def test_internal_addresses_are_refused(address: str, why: str) -> None:
    refusal = addresses.refusal(ipaddress.ip_address(address), PUBLIC)
    assert refusal is not None and why in refusal


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_pass(address: str) -> None:
    assert addresses.refusal(ipaddress.ip_address(address), PUBLIC) is None


def test_the_tests_setting_opens_loopback_only() -> None:
    assert addresses.refusal(ipaddress.ip_address("127.0.0.1"), TESTS) is None
    assert addresses.refusal(ipaddress.ip_address("::1"), TESTS) is None
    assert addresses.refusal(ipaddress.ip_address("10.0.0.1"), TESTS) is not None
    assert addresses.refusal(ipaddress.ip_address("169.254.169.254"), TESTS) is not None


def test_a_host_with_one_internal_address_among_public_ones_is_refused_whole() -> None:
    mixed = [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.0.0.7")]
    with pytest.raises(InvalidArgument, match="private"):
        addresses.check("mixed.example", mixed, PUBLIC)
    with pytest.raises(InvalidArgument, match="does not resolve"):
        addresses.check("nowhere.example", [], PUBLIC)


def _submitted(requester: uuid.UUID, *owners: uuid.UUID) -> RequestSubmitted:
    items = tuple(
        LineItemRef(
            line_item_id=uuid.uuid4(), camera_id=uuid.uuid4(), owner_org_id=o, start=NOW, end=NOW
        )
        for o in owners
    )
    return RequestSubmitted(
        request_id=uuid.uuid4(),
        requester_org_id=requester,
        requester_user_id=uuid.uuid4(),
        incident_number="INC-1",
        line_items=items,
    )


def test_each_owner_is_told_only_its_own_line_items() -> None:
    agency, owner_a, owner_b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    told = {m.org_id: m for m in webhook_messages.messages(_submitted(agency, owner_a, owner_b))}
    assert set(told) == {agency, owner_a, owner_b}
    assert len(told[agency].data["line_items"]) == 2
    for owner in (owner_a, owner_b):
        items = told[owner].data["line_items"]
        assert [i["owner_org_id"] for i in items] == [str(owner)]


def test_a_signed_body_verifies_with_either_secret_during_a_rotation() -> None:
    old, new = webhooks.new_secret(), webhooks.new_secret()
    message = webhook_messages.ping(uuid.uuid4(), uuid.uuid4())
    at = datetime.now(UTC)
    text = webhook_messages.body(message, at)
    headers = webhook_messages.signed_headers([new, old], "msg-1", at, text)
    assert headers["webhook-id"] == "msg-1"
    assert headers["webhook-timestamp"] == str(int(at.timestamp()))
    for secret in (new, old):
        assert Webhook(secret).verify(text, headers) == json.loads(text)
    with pytest.raises(WebhookVerificationError):
        Webhook(webhooks.new_secret()).verify(text, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new).verify(text.replace("ping", "pong"), headers)
