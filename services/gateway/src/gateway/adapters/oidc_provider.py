"""Talks to an organization's OpenID Connect provider: discovery, the token request (the code,
the client secret and the PKCE verifier) and its JWKS; and validates the ID token against
those keys with joserfc (signature, ``iss``, ``aud``, ``exp``, ``iat``, ``nonce``).

Every URL (the issuer's, and the endpoints its discovery document names) is checked with
`custody_platform.addresses` right before its request, and the request goes to the checked
address itself (no private, loopback, link-local or metadata address; https unless a test
setting allows http). Redirects are never followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from custody_platform.addresses import Reach, pinned_request
from custody_platform.errors import FailedPrecondition
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from gateway.domain.oidc import NOT_VERIFIED, ProviderRefused

DISCOVERY = "/.well-known/openid-configuration"
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
LEEWAY_SECONDS = 60
MAX_DOCUMENT = 256 * 1024


class ProviderUnreachable(FailedPrecondition):
    """The provider could not be reached or answered something that is not OpenID Connect."""

    code = "identity_provider_unreachable"
    title = "Identity provider unreachable"


@dataclass(frozen=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None = None  # RP-Initiated Logout 1.0, when it has one


class OidcProviders:
    def __init__(self, client: httpx.AsyncClient, reach: Reach) -> None:
        self._client = client
        self.reach = reach

    async def discover(self, issuer: str) -> Discovery:
        """The provider's metadata; its ``issuer`` must be exactly the configured one."""
        document = await self._json("GET", issuer.rstrip("/") + DISCOVERY)
        try:
            found = Discovery(
                issuer=str(document["issuer"]),
                authorization_endpoint=str(document["authorization_endpoint"]),
                token_endpoint=str(document["token_endpoint"]),
                jwks_uri=str(document["jwks_uri"]),
                end_session_endpoint=_optional_text(document.get("end_session_endpoint")),
            )
        except (KeyError, TypeError):
            raise ProviderUnreachable("the discovery document lacks an endpoint") from None
        if found.issuer.rstrip("/") != issuer.rstrip("/"):
            raise ProviderUnreachable(f"the discovery document names issuer {found.issuer!r}")
        return found

    async def keys(self, found: Discovery) -> KeySet:
        try:
            document: Any = await self._json("GET", found.jwks_uri)
            return KeySet.import_key_set(document)
        except (JoseError, ValueError, TypeError, KeyError):
            raise ProviderUnreachable("the provider's JWKS holds no usable key") from None

    async def exchange(
        self, found: Discovery, client: tuple[str, str], grant: dict[str, str]
    ) -> str:
        """The ID token for an authorization code (client_secret_basic)."""
        form = {"grant_type": "authorization_code", **grant}
        answer = await self._json("POST", found.token_endpoint, data=form, auth=client)
        token = answer.get("id_token")
        if not isinstance(token, str):
            raise ProviderRefused("the identity provider answered no ID token")
        return token

    async def _json(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await pinned_request(self._client, method, url, self.reach, **kwargs)
        except httpx.HTTPError as failed:
            raise ProviderUnreachable(f"{url}: {type(failed).__name__}") from None
        if response.status_code in (400, 401) and method == "POST":
            raise ProviderRefused(NOT_VERIFIED)  # a spent, wrong or expired code
        if not response.is_success or len(response.content) > MAX_DOCUMENT:
            raise ProviderUnreachable(f"{url} answered {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise ProviderUnreachable(f"{url} answered no JSON") from None
        if not isinstance(body, dict):
            raise ProviderUnreachable(f"{url} answered no JSON object")
        return body


def _optional_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def validated_claims(
    id_token: str, keys: KeySet, *, issuer: str, client_id: str, nonce: str
) -> dict[str, Any]:
    """The ID token's claims once its signature (one of the provider's keys, an asymmetric
    algorithm) and its iss, aud, exp, iat and nonce hold; ProviderRefused otherwise."""
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        token = jwt.decode(id_token, keys, algorithms=list(ALGORITHMS))
        registry.validate(token.claims)
    except (JoseError, ValueError, TypeError):
        raise ProviderRefused(NOT_VERIFIED) from None
    azp = token.claims.get("azp")
    if azp is not None and azp != client_id:
        raise ProviderRefused(NOT_VERIFIED)
    return dict(token.claims)
