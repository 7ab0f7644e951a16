"""The request settings form: numbers checked as typed, and a partner picked by its name."""

from __future__ import annotations

import uuid

from web.domain.request_settings import OrgCard, SettingsForm, partner_to_add


def _org(name: str) -> OrgCard:
    return OrgCard(id=uuid.uuid4(), name=name)


def test_hours_must_be_whole_numbers_in_range() -> None:
    assert SettingsForm(max_span_hours="24", sla_hours="0").problems() == {}
    problems = SettingsForm(max_span_hours="a day", sla_hours="-1").problems()
    assert set(problems) == {"max_span_hours", "sla_hours"}
    assert "max_span_hours" in SettingsForm(max_span_hours="745").problems()


def test_the_exact_name_wins_over_longer_names_holding_it() -> None:
    metro, transit = _org("Metro PD"), _org("Metro PD Transit")
    assert partner_to_add("metro pd ", [metro, transit]) == (metro, None)


def test_one_match_is_taken_and_none_or_several_are_said() -> None:
    only = _org("Harbor Police Department")
    assert partner_to_add("Harbor", [only]) == (only, None)
    none, why = partner_to_add("Nowhere", [])
    assert none is None and why and "Nowhere" in why
    several, why = partner_to_add("PD", [_org("Metro PD"), _org("Harbor PD")])
    assert several is None and why and "Metro PD, Harbor PD" in why
