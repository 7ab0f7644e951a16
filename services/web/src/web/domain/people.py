"""An organization's people as its admins manage them (decision 0042): the list's filters and
pages, a person's roles and state in words, and the password forms with their checks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from web.domain.views import ApiModel

ROLE_LABELS = {
    "org_admin": "Organization admin",
    "investigator": "Investigator",
    "approver": "Approver",
}
STATUSES = {"active": "Active", "deactivated": "Deactivated", "all": "All"}
PAGE_SIZE = 25
MIN_PASSWORD, MAX_PASSWORD = 12, 256
PASSWORD_CHANGE_REQUIRED = "urn:custody:problem:password_change_required"


class Person(ApiModel):
    id: uuid.UUID
    email: str
    display_name: str
    roles: list[str]
    is_active: bool
    created_at: datetime
    deactivated_at: datetime | None = None
    password_change_required: bool = False

    @property
    def role_names(self) -> str:
        return ", ".join(ROLE_LABELS.get(r, r.replace("_", " ").capitalize()) for r in self.roles)

    @property
    def state(self) -> str:
        if not self.is_active:
            return "Deactivated"
        return "Must change password" if self.password_change_required else "Active"


class PeoplePage(ApiModel):
    items: list[Person]
    total: int
    next_cursor: str = ""


class PasswordReset(ApiModel):
    user: Person
    temporary_password: str


@dataclass(frozen=True)
class PeopleFilters:
    q: str = ""
    status: str = "active"
    role: str = ""

    @classmethod
    def read(cls, q: str, status: str, role: str) -> PeopleFilters:
        """What the page was asked, with anything it does not offer left out."""
        return cls(
            q.strip()[:200],
            status if status in STATUSES else "active",
            role if role in ROLE_LABELS else "",
        )

    def params(self) -> dict[str, str]:
        return {k: v for k, v in (("q", self.q), ("status", self.status), ("role", self.role)) if v}

    def link(self, cursor: str = "") -> str:
        """The list's URL with these filters (and a page's cursor)."""
        query = self.params() | ({"cursor": cursor} if cursor else {})
        return "/admin/people?" + urlencode(query)


@dataclass
class PasswordForm:
    current_password: str = ""
    new_password: str = ""
    confirm_password: str = ""

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.current_password:
            errors["current_password"] = "Enter your current password"
        if len(self.new_password) < MIN_PASSWORD:
            errors["new_password"] = f"Enter a new password of at least {MIN_PASSWORD} characters"
        elif len(self.new_password) > MAX_PASSWORD:
            errors["new_password"] = f"Enter a new password of at most {MAX_PASSWORD} characters"
        elif self.new_password == self.current_password:
            errors["new_password"] = "Choose a new password that differs from the current one"
        if not errors.get("new_password") and self.confirm_password != self.new_password:
            errors["confirm_password"] = "Enter the same new password again"
        return errors

    def body(self) -> dict[str, str]:
        return {"current_password": self.current_password, "new_password": self.new_password}
