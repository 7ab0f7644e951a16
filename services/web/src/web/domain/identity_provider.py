"""Signing in through the organization's own identity provider (decision 0037), and its
settings form: the fields as typed, what is wrong with them, and the gateway's body.

The role mapping is typed one line per claim value: ``value = role, role`` (roles by their
names: org_admin, investigator, approver).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from web.domain.views import ApiModel

# The session's draft (WebSession.drafts) between sending the browser to the provider and its
# return: the state the provider must bring back, and where to go then.
PENDING_PROVIDER = "oidc:sign_in"
ROLES = ("org_admin", "investigator", "approver")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class PendingProviderSignIn:
    state: str
    email: str
    next_path: str


class ProviderSettings(ApiModel):
    issuer: str
    client_id: str
    client_secret_set: bool
    scopes: list[str]
    role_claim: str
    role_mapping: dict[str, list[str]]
    email_domains: list[str]
    password_sign_in: bool
    enabled: bool
    redirect_uri: str
    post_logout_redirect_uri: str = ""


class ConnectionTest(ApiModel):
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


def agency_email_problem(email: str) -> str | None:
    if not email.strip():
        return "Enter your work email address"
    if not EMAIL.match(email.strip()):
        return "Enter an email address like name@agency.gov"
    return None


@dataclass
class ProviderForm:
    issuer: str = ""
    client_id: str = ""
    client_secret: str = ""
    scopes: str = "openid email profile"
    role_claim: str = "groups"
    role_mapping: str = ""
    email_domains: str = ""
    password_sign_in: bool = True
    enabled: bool = True
    secret_set: bool = False
    redirect_uri: str = ""
    post_logout_redirect_uri: str = ""  # signing out of Custody ends the provider's session too
    mapping_errors: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, saved: ProviderSettings) -> ProviderForm:
        lines = [f"{value} = {', '.join(roles)}" for value, roles in saved.role_mapping.items()]
        return cls(
            issuer=saved.issuer,
            client_id=saved.client_id,
            scopes=" ".join(saved.scopes),
            role_claim=saved.role_claim,
            role_mapping="\n".join(lines),
            email_domains=" ".join(saved.email_domains),
            password_sign_in=saved.password_sign_in,
            enabled=saved.enabled,
            secret_set=saved.client_secret_set,
            redirect_uri=saved.redirect_uri,
            post_logout_redirect_uri=saved.post_logout_redirect_uri,
        )

    def mapping(self) -> dict[str, list[str]]:
        """``value = role, role`` per line; a line that is not so is a problem."""
        found: dict[str, list[str]] = {}
        self.mapping_errors = []
        for number, line in enumerate(self.role_mapping.splitlines(), start=1):
            if not line.strip():
                continue
            value, _, roles = line.rpartition("=")
            names = [r.strip() for r in roles.split(",") if r.strip()]
            if not value.strip() or not names or any(r not in ROLES for r in names):
                self.mapping_errors.append(f"line {number}")
                continue
            found[value.strip()] = names
        return found

    def problems(self) -> dict[str, str]:
        """In the page's order: the error summary lists them so."""
        errors = {}
        if not self.issuer.strip().startswith(("https://", "http://")):
            errors["issuer"] = "Enter the issuer URL, starting with https://"
        if not self.client_id.strip():
            errors["client_id"] = "Enter the client ID the identity provider gave Custody"
        if not self.secret_set and not self.client_secret.strip():
            errors["client_secret"] = "Enter the client secret the identity provider gave Custody"
        if not self.role_claim.strip():
            errors["role_claim"] = "Enter the name of the claim that lists the person's groups"
        mapping = self.mapping()
        if self.mapping_errors or not mapping:
            errors["role_mapping"] = (
                "Write one mapping per line, like: custody-admins = org_admin "
                f"(roles: {', '.join(ROLES)})"
                + (f"; check {', '.join(self.mapping_errors)}" if self.mapping_errors else "")
            )
        if not self.email_domains.split():
            errors["email_domains"] = "Enter at least one email domain, like agency.gov"
        return errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "issuer": self.issuer.strip(),
            "client_id": self.client_id.strip(),
            "scopes": self.scopes.split() or ["openid"],
            "role_claim": self.role_claim.strip(),
            "role_mapping": self.mapping(),
            "email_domains": self.email_domains.replace(",", " ").split(),
            "password_sign_in": self.password_sign_in,
            "enabled": self.enabled,
        }
        if self.client_secret.strip():
            body["client_secret"] = self.client_secret.strip()
        return body


def field_error(detail: str) -> tuple[str, str]:
    """The field the gateway's refusal is about ("issuer: ...") and its message without the
    name, else the first field with the whole message."""
    name, _, rest = detail.partition(":")
    known = ("issuer", "client_id", "client_secret", "scopes", "role_claim", "role_mapping")
    if name.strip() in (*known, "email_domains") and rest.strip():
        message = rest.strip()
        return name.strip(), message[0].upper() + message[1:]
    return "issuer", detail
