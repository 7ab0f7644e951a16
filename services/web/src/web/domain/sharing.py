"""Who has access to a case or an item, as the sharing page shows it at a glance, and the two
forms that give access: a grant to a person, an organization or a guest, and a share link."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import segno

from web.domain.case_views import EvidenceView
from web.domain.views import ApiModel, Problem

# The web app's paths and the API's are the same words: /cases/{id}/... and /evidence/{id}/...
KINDS = {"cases": "case", "evidence": "item"}
PERMISSIONS = {"view": "View only", "download": "View and download", "contribute": "Add evidence"}
LINK_PERMISSIONS = ("view", "download")
GRANTEE_KINDS = {"user": "Person", "org": "Organization", "guest": "Guest"}
LINK_MAX_DAYS = 90  # the gateway's SHARE_LINK_MAX_DAYS default
DEFAULT_GRANT_DAYS, DEFAULT_LINK_DAYS = 30, 7
MAX_LABEL = 200


class GrantView(ApiModel):
    id: uuid.UUID
    grantee_type: str
    grantee_id: uuid.UUID
    permission: str
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    created_by: uuid.UUID | None = None
    created_at: datetime | None = None


class GrantViews(ApiModel):
    items: list[GrantView]


class ShareLinkView(ApiModel):
    id: uuid.UUID
    permission: str
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    label: str = ""
    created_at: datetime | None = None


class ShareLinkViews(ApiModel):
    items: list[ShareLinkView]


class ShareLinkCreated(ApiModel):
    link: ShareLinkView
    token: str
    url: str


class GuestInvitation(ApiModel):
    """An invitation just made: its token is shown once; the gateway may have emailed it."""

    email: str
    token: str
    email_queued: bool = False


class SharedItem(EvidenceView):
    permission: str = "view"
    capture_start: datetime | None = None


class SharedContent(ApiModel):
    """What a share link opens, for its public viewer page."""

    link: ShareLinkView
    items: list[SharedItem]

    @property
    def downloadable(self) -> bool:
        return self.link.permission == "download"


def access_state(
    revoked_at: datetime | None, expires_at: datetime | None, at: datetime, ended: str = "Revoked"
) -> str:
    """Active, Expired or `ended` (Revoked for access given, Withdrawn for a share link, the
    words of the buttons that end them): what the table's status column says."""
    if revoked_at is not None:
        return ended
    if expires_at is not None and expires_at <= at:
        return "Expired"
    return "Active"


def qr_svg(url: str, label: str) -> str:
    """The URL as an inline SVG QR code: no style attribute (the CSP forbids inline styles),
    dark on white with a quiet zone, titled for assistive technology."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(border=4, light="#fff", svgclass="web-qr", title=label, omitsize=True)
    return str(svg)


def day_of(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def end_of(day: date) -> datetime:
    """A date picked in a form means until that day ends (UTC, as every time is shown)."""
    return datetime.combine(day, time(23, 59, 59), UTC)


def default_day(days: int, today: date | None = None) -> str:
    return ((today or datetime.now(UTC).date()) + timedelta(days=days)).isoformat()


def _expiry_problem(text: str, today: date, required: bool, max_days: int | None) -> str | None:
    if not text.strip():
        return "Enter the date the access ends" if required else None
    day = day_of(text)
    if day is None:
        return "Enter the date as a date, like 2026-12-31"
    if day < today:
        return "Enter a date that is today or later"
    if max_days is not None and day > today + timedelta(days=max_days):
        return f"Enter a date at most {max_days} days from today"
    return None


@dataclass(frozen=True)
class GrantForm:
    grantee: str = ""  # "user:<id>", "guest:<id>" or "org" (then org_name names it)
    org_name: str = ""
    permission: str = "view"
    expires_on: str = ""

    @classmethod
    def read(cls, form: Any) -> GrantForm:
        return cls(
            grantee=str(form.get("grantee") or ""),
            org_name=str(form.get("grant_org") or "").strip(),
            permission=str(form.get("grant_permission") or ""),
            expires_on=str(form.get("grant_expires") or ""),
        )

    def grantee_of(self) -> tuple[str, uuid.UUID] | None:
        kind, _, ident = self.grantee.partition(":")
        try:
            return (kind, uuid.UUID(ident)) if kind in ("user", "guest") else None
        except ValueError:
            return None

    def problems(self, today: date) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.grantee == "org" and not self.org_name:
            errors["grant_org"] = "Enter the name of the organization"
        elif self.grantee != "org" and self.grantee_of() is None:
            errors["grantee"] = "Choose who gets access"
        if self.permission not in LINK_PERMISSIONS:
            errors["grant_permission"] = "Choose what they may do"
        if problem := _expiry_problem(self.expires_on, today, False, None):
            errors["grant_expires"] = problem
        return errors

    def body(self, grantee: tuple[str, uuid.UUID]) -> dict[str, Any]:
        day = day_of(self.expires_on)
        expires = end_of(day).isoformat() if day else None
        kind, ident = grantee
        return {
            "grantee_type": kind,
            "grantee_id": str(ident),
            "permission": self.permission,
            "expires_at": expires,
        }


@dataclass(frozen=True)
class LinkForm:
    permission: str = "view"
    expires_on: str = ""
    label: str = ""

    @classmethod
    def read(cls, form: Any) -> LinkForm:
        return cls(
            permission=str(form.get("link_permission") or ""),
            expires_on=str(form.get("link_expires") or ""),
            label=str(form.get("link_label") or "").strip(),
        )

    def problems(self, today: date) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.permission not in LINK_PERMISSIONS:
            errors["link_permission"] = "Choose what people with the link may do"
        if problem := _expiry_problem(self.expires_on, today, True, LINK_MAX_DAYS):
            errors["link_expires"] = problem
        if len(self.label) > MAX_LABEL:
            errors["link_label"] = f"Enter at most {MAX_LABEL} characters"
        return errors

    def body(self) -> dict[str, Any]:
        day = day_of(self.expires_on)
        expires = end_of(day).isoformat() if day else None
        return {"permission": self.permission, "expires_at": expires, "label": self.label}


@dataclass(frozen=True)
class GuestForm:
    """An outside investigator invited into the organization (org admins only)."""

    email: str = ""
    display_name: str = ""
    agency: str = ""

    @classmethod
    def read(cls, form: Any) -> GuestForm:
        return cls(
            email=str(form.get("guest_email") or "").strip(),
            display_name=str(form.get("guest_name") or "").strip(),
            agency=str(form.get("guest_agency") or "").strip(),
        )

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if "@" not in self.email.strip("@"):
            errors["guest_email"] = "Enter an email address, like name@agency.example"
        if not self.display_name:
            errors["guest_name"] = "Enter the guest's name"
        if not self.agency:
            errors["guest_agency"] = "Enter the agency they work for"
        return errors

    def body(self) -> dict[str, str]:
        return {"email": self.email, "display_name": self.display_name, "agency": self.agency}


# The API's field names (a 422's loc) as the form's fields.
GRANT_FIELDS = {"grantee_id": "grantee", "permission": "grant_permission"}
GRANT_FIELDS |= {"expires_at": "grant_expires", "grantee_type": "grantee"}
LINK_FIELDS = {"permission": "link_permission", "expires_at": "link_expires"}
LINK_FIELDS |= {"label": "link_label"}
GUEST_FIELDS = {"email": "guest_email", "display_name": "guest_name", "agency": "guest_agency"}


def refusal_errors(problem: Problem, fields: dict[str, str], fallback: str) -> dict[str, str]:
    """A refused change as messages next to its fields (the first field named in the detail,
    or the form's main field)."""
    errors: dict[str, str] = {}
    for error in problem.errors:
        name = next((str(p) for p in reversed(error.get("loc", [])) if str(p) in fields), "")
        if name:
            errors.setdefault(fields[name], str(error.get("msg", problem.message)))
    if not errors:
        named = next((f for api, f in fields.items() if problem.message.startswith(api)), fallback)
        errors[named] = problem.message
    return errors
