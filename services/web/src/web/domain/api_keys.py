"""An organization's API keys as its admins manage them: the list, the form that creates one
(name, operations picked by name, expiry date, requests per minute), and the API's refusals
at their fields."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from web.domain.views import ApiModel, Problem

DEFAULT_DAYS, LONGEST_DAYS = 90, 365
DEFAULT_RATE, MAX_RATE, MAX_NAME = 600, 6000, 100
FIELDS = ("name", "scopes", "expires_on", "requests_per_minute")
STATUS_LABELS = {"active": "Active", "expired": "Expired", "revoked": "Revoked"}


class ApiKey(ApiModel):
    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    requests_per_minute: int
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    status: str

    @property
    def state(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


class ApiKeyWithSecret(ApiKey):
    secret: str


class ApiKeys(ApiModel):
    items: list[ApiKey]


class Scope(ApiModel):
    operation: str
    method: str
    path: str
    summary: str = ""


class Scopes(ApiModel):
    items: list[Scope]


@dataclass
class ApiKeyForm:
    """The form as typed, kept as it is so a refused one is shown back unchanged."""

    name: str = ""
    scopes: list[str] = field(default_factory=list)
    expires_on: str = ""
    requests_per_minute: str = str(DEFAULT_RATE)

    @classmethod
    def blank(cls, today: date) -> ApiKeyForm:
        return cls(expires_on=(today + timedelta(days=DEFAULT_DAYS)).isoformat())

    @classmethod
    def read(cls, posted: Mapping[str, str], scopes: list[str]) -> ApiKeyForm:
        return cls(
            name=posted.get("name", "").strip(),
            scopes=scopes,
            expires_on=posted.get("expires_on", "").strip(),
            requests_per_minute=posted.get("requests_per_minute", "").strip(),
        )

    def problems(self, today: date) -> dict[str, str]:
        """What the gateway would refuse anyway, said before the round trip (in page order)."""
        errors = {}
        if not self.name or len(self.name) > MAX_NAME:
            errors["name"] = f"Enter a name of 1 to {MAX_NAME} characters, such as the system's"
        if not self.scopes:
            errors["scopes"] = "Choose at least one operation the key may call"
        expires = self._expiry_date()
        if expires is None:
            errors["expires_on"] = "Enter the date the key stops working"
        elif not today < expires <= today + timedelta(days=LONGEST_DAYS):
            errors["expires_on"] = f"Enter a date after today and within {LONGEST_DAYS} days"
        if (
            not self.requests_per_minute.isdigit()
            or not 1 <= int(self.requests_per_minute) <= MAX_RATE
        ):
            errors["requests_per_minute"] = f"Enter a whole number from 1 to {MAX_RATE}"
        return errors

    def body(self) -> dict[str, object]:
        expires = self._expiry_date()
        assert expires is not None
        return {
            "name": self.name,
            "scopes": self.scopes,
            "expires_at": datetime.combine(expires, time(), UTC).isoformat(),
            "requests_per_minute": int(self.requests_per_minute),
        }

    def _expiry_date(self) -> date | None:
        try:
            return date.fromisoformat(self.expires_on)
        except ValueError:
            return None


def form_errors(problem: Problem) -> dict[str, str]:
    """The API's refusal at the field it names (a 422's locations, or a 400's `field: ...`)."""
    parts = [(_field(e.get("loc", [])), str(e.get("msg", ""))) for e in problem.errors]
    if not parts:
        where, _, said = problem.message.partition(": ")
        parts = [(_field([where.lower()]), said or problem.message)]
    return {name: _sentence(text.removeprefix("Value error, ")) for name, text in parts}


def _field(where: list[object]) -> str:
    names = {"expires_at": "expires_on"}
    for part in where:
        name = names.get(str(part), str(part))
        if name in FIELDS:
            return name
    return "name"


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]
