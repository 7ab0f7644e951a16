"""The webhook form and pages' words: what is refused before the round trip, the API's
refusals at their fields, and each delivery's and endpoint's state in words."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from web.domain.views import Problem
from web.domain.webhooks import Deliveries, Delivery, Webhook, WebhookForm, form_errors

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _delivery(**fields: Any) -> Delivery:
    made = {"id": uuid.uuid4(), "event_type": "webhook.ping", "status": "pending"}
    return Delivery.model_validate({"attempts": 0, "created_at": NOW, **made, **fields})


def _webhook(**fields: Any) -> Webhook:
    made = {"id": uuid.uuid4(), "url": "https://cad.example.gov/hook", "enabled": True}
    return Webhook.model_validate(
        {"event_types": ["request.submitted"], "created_at": NOW, **made, **fields}
    )


def test_the_form_is_read_as_typed_with_known_event_types_in_page_order() -> None:
    posted = {"url": " https://cad.example.gov/hook ", "description": "CAD", "enabled": "yes"}
    typed = WebhookForm.read(posted, ["disclosure.ready", "nonsense", "request.submitted"])
    assert typed.url == "https://cad.example.gov/hook"
    assert typed.event_types == ["request.submitted", "disclosure.ready"]
    assert typed.enabled and typed.problems() == {}
    assert typed.body() == {
        "url": "https://cad.example.gov/hook",
        "description": "CAD",
        "event_types": ["request.submitted", "disclosure.ready"],
    }
    assert not WebhookForm.read({"url": "https://x.example"}, ["evidence.ingested"]).enabled


def test_an_empty_or_schemeless_url_and_no_events_are_refused_before_the_api() -> None:
    assert set(WebhookForm().problems()) == {"url", "event_types"}
    problems = WebhookForm("cad.example.gov", "x" * 501, ["request.decided"]).problems()
    assert "https://" in problems["url"] and "description" in problems


def test_the_notifiers_url_refusal_lands_at_the_url_field() -> None:
    detail = "url: 10.0.0.1 resolves to a private address, which webhooks may not reach"
    errors = form_errors(Problem(status=400, detail=detail))
    assert errors == {"url": "10.0.0.1 resolves to a private address, which webhooks may not reach"}


def test_a_422_lands_at_each_field_it_names() -> None:
    problem = Problem(
        status=422,
        errors=[
            {"loc": ["body", "event_types", 0], "msg": "Input should be 'request.submitted'"},
            {"loc": ["body", "url"], "msg": "String should match pattern '^https?://'"},
        ],
    )
    errors = form_errors(problem)
    assert set(errors) == {"event_types", "url"}
    assert errors["url"].startswith("String should match")


def test_a_delivery_outcome_says_how_it_went() -> None:
    assert _delivery().outcome == "Waiting to be sent"
    assert _delivery(attempts=2, last_status_code=500).outcome == "Will try again: answered 500"
    failed = _delivery(status="failed", attempts=8, last_error="connection refused")
    assert failed.outcome == "Failed: connection refused"
    assert _delivery(status="delivered", attempts=1, last_status_code=200).outcome == "Delivered"
    assert _delivery().event == "Test event"
    log = Deliveries(items=[_delivery(status="delivered")], total=1)
    assert not log.pending
    assert Deliveries(items=[_delivery()], total=1).pending


def test_an_endpoints_state_in_words() -> None:
    assert _webhook().health == "Enabled"
    assert _webhook(failing_since=NOW).health == "Deliveries failing"
    assert _webhook(enabled=False).health == "Disabled"
    reason = "every delivery failed for 3 days"
    assert _webhook(enabled=False, disabled_reason=reason).health == f"Disabled: {reason}"
    both = _webhook(event_types=["request.submitted", "disclosure.ready"]).events
    assert both == "A video request is submitted, A disclosure is ready"
