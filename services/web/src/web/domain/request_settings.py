"""An owner organization's request settings as its admins edit them: approvers picked by
name from the org's directory, partner organizations by name, and the numbers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from web.domain.views import ApiModel


class RequestSettings(ApiModel):
    org_id: uuid.UUID
    approver_user_ids: list[uuid.UUID] = []
    auto_approve_org_ids: list[uuid.UUID] = []
    export_before_approval: bool = False
    max_span_hours: int = 12
    sla_hours: int = 0


class Person(ApiModel):
    id: uuid.UUID
    email: str
    display_name: str
    roles: list[str]


class People(ApiModel):
    items: list[Person]


class OrgCard(ApiModel):
    id: uuid.UUID
    name: str


class OrgCards(ApiModel):
    items: list[OrgCard]


@dataclass
class SettingsForm:
    """The form as typed: numbers stay text until they are checked, so a bad one is shown
    back as the person typed it."""

    approver_user_ids: list[str] = field(default_factory=list)
    partner_org_ids: list[str] = field(default_factory=list)
    add_partner: str = ""
    export_before_approval: bool = False
    max_span_hours: str = "12"
    sla_hours: str = "0"

    @classmethod
    def of(cls, settings: RequestSettings) -> SettingsForm:
        return cls(
            approver_user_ids=[str(u) for u in settings.approver_user_ids],
            partner_org_ids=[str(o) for o in settings.auto_approve_org_ids],
            export_before_approval=settings.export_before_approval,
            max_span_hours=str(settings.max_span_hours),
            sla_hours=str(settings.sla_hours),
        )

    def problems(self) -> dict[str, str]:
        errors = {}
        if not _whole(self.max_span_hours, 1, 744):
            errors["max_span_hours"] = "Enter a whole number of hours from 1 to 744 (31 days)"
        if not _whole(self.sla_hours, 0, 2160):
            errors["sla_hours"] = "Enter a whole number of hours from 0 (no deadline) to 2160"
        return errors

    def body(self, partners: list[str]) -> dict[str, object]:
        return {
            "approver_user_ids": self.approver_user_ids,
            "auto_approve_org_ids": partners,
            "export_before_approval": self.export_before_approval,
            "max_span_hours": int(self.max_span_hours),
            "sla_hours": int(self.sla_hours),
        }


def _whole(text: str, low: int, high: int) -> bool:
    return text.strip().isdigit() and low <= int(text) <= high


def partner_to_add(typed: str, found: list[OrgCard]) -> tuple[OrgCard | None, str | None]:
    """The one organization a typed name picks, or what to say: exact name first, since
    "Metro PD" is also part of "Metro PD Transit"."""
    exact = [org for org in found if org.name.casefold() == typed.strip().casefold()]
    if len(exact) == 1:
        return exact[0], None
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, f"No organization is called “{typed.strip()}”: check the name"
    names = ", ".join(org.name for org in found[:5])
    return None, f"Several organizations match: {names}. Type the full name"
