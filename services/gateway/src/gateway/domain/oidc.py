"""Signing in with an organization's OpenID Connect provider (decision 0037): the rules, no I/O.

Which roles a provider's claims give (the organization's mapping of a claim's values), who the
person is (email and name from the ID token), whether the provider's sign-in counts as a second
factor (its ``amr``), and the one-time values of a sign-in: ``state``, ``nonce`` and the PKCE
verifier, whose S256 challenge and the authorization URL authlib makes; and the provider's
end-session URL a sign-out sends the browser to (decision 0047).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from custody_platform.errors import InvalidArgument, PermissionDenied, Unauthenticated

ASSIGNABLE_ROLES = frozenset({"org_admin", "investigator", "approver"})
FLOW_LIFETIME = timedelta(minutes=10)
CALLBACK_PATH = "/sign-in/agency/callback"
# Where the provider sends the browser back after signing out (post_logout_redirect_uri).
SIGNED_OUT_PATH = "/sign-in?signed_out=1"
# RFC 8176 methods: "mfa" itself, or any method beyond one (a password and a one-time code).
MULTI_FACTOR = "mfa"
NO_ROLE = (
    "your agency's identity provider gives you no role in Custody: ask your organization's "
    "administrator to add you to a group that Custody maps to a role"
)
NOT_VERIFIED = "the identity provider's answer could not be verified: sign in again"


class PasswordSignInOff(PermissionDenied):
    code = "password_sign_in_disabled"
    title = "Password sign-in switched off"

    def __init__(self) -> None:
        super().__init__(
            "your organization signs in with its own identity provider: "
            "use “Continue with your agency”"
        )


class NoMappedRole(PermissionDenied):
    code = "no_mapped_role"
    title = "No role for this person"

    def __init__(self) -> None:
        super().__init__(NO_ROLE)


class ProviderRefused(Unauthenticated):
    """The provider's answer did not hold (state, code, token, signature, claims)."""

    code = "identity_provider_refused"
    title = "Identity provider sign-in refused"


@dataclass(frozen=True)
class FlowSecrets:
    state: str
    nonce: str
    code_verifier: str

    @classmethod
    def new(cls) -> FlowSecrets:
        return cls(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48))


def digest(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


def authorization_url(
    endpoint: str, client_id: str, redirect_uri: str, scopes: Iterable[str], flow: FlowSecrets
) -> str:
    """The provider's authorization endpoint with the code flow's parameters (PKCE S256)."""
    params = [
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("scope", " ".join(scopes)),
        ("state", flow.state),
        ("nonce", flow.nonce),
        ("code_challenge", create_s256_code_challenge(flow.code_verifier)),
        ("code_challenge_method", "S256"),
    ]
    return str(add_params_to_uri(endpoint, params))


def end_session_url(endpoint: str, client_id: str, post_logout_redirect_uri: str) -> str:
    """The provider's end-session endpoint with RP-Initiated Logout 1.0's parameters: the
    gateway keeps no ID token for ``id_token_hint``, so ``client_id`` says who asks (the
    provider may then ask the person to confirm)."""
    params = [("client_id", client_id), ("post_logout_redirect_uri", post_logout_redirect_uri)]
    return str(add_params_to_uri(endpoint, params))


def roles_for(
    claims: Mapping[str, object], claim: str, mapping: Mapping[str, list[str]]
) -> list[str]:
    """The roles the claim's values map to (a string or a list of strings), assignable only."""
    value = claims.get(claim)
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    roles = {
        role
        for item in values
        if isinstance(item, str)
        for role in mapping.get(item, [])
        if role in ASSIGNABLE_ROLES
    }
    return sorted(roles)


@dataclass(frozen=True)
class Person:
    subject: str
    email: str
    name: str


def person_of(claims: Mapping[str, object]) -> Person:
    """Who the ID token names: an email is needed (the account's key); one the provider says
    it has not verified is refused."""
    subject, email = claims.get("sub"), claims.get("email")
    if not isinstance(subject, str) or not subject:
        raise ProviderRefused("the identity provider named no subject")
    if not isinstance(email, str) or "@" not in email or claims.get("email_verified") is False:
        raise ProviderRefused("the identity provider gave no verified email address")
    email = email.strip().lower()
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = (claims.get("given_name"), claims.get("family_name"))
        name = " ".join(p for p in parts if isinstance(p, str) and p.strip())
    return Person(subject, email, (name or email.split("@", 1)[0]).strip()[:200])


def multi_factor(claims: Mapping[str, object]) -> bool:
    """The provider says the person used more than one factor (RFC 8176 ``amr``)."""
    amr = claims.get("amr")
    methods = {m for m in amr if isinstance(m, str)} if isinstance(amr, list) else set()
    return MULTI_FACTOR in methods or len(methods) >= 2


def email_domain(email: str) -> str:
    return email.strip().lower().rpartition("@")[2]


def clean_domains(domains: Iterable[str]) -> list[str]:
    """Lower-case, without a leading "@", each a plausible DNS name, no repeats."""
    cleaned = []
    for raw in domains:
        domain = raw.strip().lower().lstrip("@")
        labels = domain.split(".")
        if len(labels) < 2 or not all(_label(part) for part in labels):
            raise InvalidArgument(f"email_domains: {raw!r} is not a domain name")
        cleaned.append(domain)
    return list(dict.fromkeys(cleaned))


def _label(part: str) -> bool:
    return 0 < len(part) <= 63 and all(c.isalnum() or c == "-" for c in part) and part.isascii()


def clean_scopes(scopes: Iterable[str]) -> list[str]:
    """``openid`` first (the code flow is OpenID Connect only with it), then the rest."""
    rest = [s.strip() for s in scopes if s.strip() and s.strip() != "openid"]
    for scope in rest:
        if not all(c.isascii() and c.isprintable() and c not in ' "\\' for c in scope):
            raise InvalidArgument(f"scopes: {scope!r} is not a scope")
    return ["openid", *dict.fromkeys(rest)]


def clean_mapping(mapping: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Each claim value gives assignable roles only; at least one value gives one."""
    cleaned = {}
    for value, roles in mapping.items():
        wanted = sorted(set(roles))
        if unknown := [r for r in wanted if r not in ASSIGNABLE_ROLES]:
            raise InvalidArgument(f"role_mapping: {', '.join(unknown)} cannot be given")
        if value.strip() and wanted:
            cleaned[value.strip()] = wanted
    if not cleaned:
        raise InvalidArgument("role_mapping: map at least one claim value to a role")
    return cleaned
