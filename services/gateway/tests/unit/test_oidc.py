"""OpenID Connect sign-in rules (decision 0037): which roles a claim maps to, who the ID token
names, whether the provider's sign-in counts as a second factor, the settings' cleaning, the ID
token's validation (signature, issuer, audience, expiry, nonce), and an issuer at a private
address refused before any connection."""

from __future__ import annotations

import secrets
import time
from typing import Any

import httpx
import pytest
from custody_platform.addresses import Reach
from custody_platform.errors import InvalidArgument
from gateway.adapters.oidc_provider import OidcProviders, validated_claims
from gateway.config import Settings
from gateway.domain import oidc
from gateway.domain.oidc import FlowSecrets, ProviderRefused
from gateway.service_layer.identity_providers import _check_issuer
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey
from pydantic import SecretStr, ValidationError

pytestmark = pytest.mark.unit

MAPPING = {"detectives": ["investigator"], "chiefs": ["org_admin", "approver"]}
ISSUER = "https://idp.example.gov"


def test_roles_come_from_the_claims_values_through_the_mapping() -> None:
    claims = {"groups": ["detectives", "chiefs", "unknown"]}
    assert oidc.roles_for(claims, "groups", MAPPING) == ["approver", "investigator", "org_admin"]
    assert oidc.roles_for({"groups": "detectives"}, "groups", MAPPING) == ["investigator"]
    assert oidc.roles_for({"groups": ["nobody"]}, "groups", MAPPING) == []
    assert oidc.roles_for({}, "groups", MAPPING) == []
    assert oidc.roles_for({"groups": [1, None]}, "groups", MAPPING) == []


def test_a_mapping_never_gives_superadmin_nor_guest() -> None:
    assert oidc.roles_for({"g": ["x"]}, "g", {"x": ["superadmin", "guest"]}) == []
    with pytest.raises(InvalidArgument):
        oidc.clean_mapping({"x": ["superadmin"]})
    with pytest.raises(InvalidArgument):
        oidc.clean_mapping({})
    assert oidc.clean_mapping({" detectives ": ["investigator", "investigator"]}) == {
        "detectives": ["investigator"]
    }


def test_the_person_needs_a_subject_and_a_verified_email() -> None:
    person = oidc.person_of({"sub": "s1", "email": "Dana@PD.example.gov", "name": "Dana S"})
    assert (person.subject, person.email, person.name) == ("s1", "dana@pd.example.gov", "Dana S")
    named = oidc.person_of({"sub": "s", "email": "a@b.gov", "given_name": "A", "family_name": "B"})
    assert named.name == "A B"
    assert oidc.person_of({"sub": "s", "email": "kim@b.gov"}).name == "kim"
    with pytest.raises(ProviderRefused):
        oidc.person_of({"sub": "s", "email": "a@b.gov", "email_verified": False})
    with pytest.raises(ProviderRefused):
        oidc.person_of({"email": "a@b.gov"})
    with pytest.raises(ProviderRefused):
        oidc.person_of({"sub": "s"})


def test_the_providers_multi_factor_sign_in_counts_as_the_second_factor() -> None:
    assert oidc.multi_factor({"amr": ["mfa"]})
    assert oidc.multi_factor({"amr": ["pwd", "otp"]})
    assert not oidc.multi_factor({"amr": ["pwd"]})
    assert not oidc.multi_factor({})


def test_settings_are_cleaned() -> None:
    assert oidc.clean_scopes(["email", "openid", "email"]) == ["openid", "email"]
    assert oidc.clean_domains(["@PD.Example.gov", "pd.example.gov"]) == ["pd.example.gov"]
    for bad in ("localhost", "a..b", "x_y.gov"):
        with pytest.raises(InvalidArgument):
            oidc.clean_domains([bad])


def test_the_authorization_url_carries_state_nonce_and_an_s256_challenge() -> None:
    flow = FlowSecrets.new()
    url = oidc.authorization_url(f"{ISSUER}/authorize", "custody", "https://w/cb", ["openid"], flow)
    query = httpx.URL(url).params
    assert query["state"] == flow.state and query["nonce"] == flow.nonce
    assert query["code_challenge_method"] == "S256"
    assert query["code_challenge"] != flow.code_verifier and query["response_type"] == "code"


def test_the_end_session_url_names_the_client_and_where_to_come_back() -> None:
    back = "https://web.example/sign-in?signed_out=1"
    url = oidc.end_session_url(f"{ISSUER}/logout?tenant=a", "custody", back)
    query = httpx.URL(url).params
    assert url.startswith(f"{ISSUER}/logout?tenant=a&")
    assert query["client_id"] == "custody" and query["post_logout_redirect_uri"] == back


KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
KEYS = KeySet([KEY])


def id_token(key: Any = KEY, alg: str = "RS256", **changes: Any) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": "custody", "sub": "s1", "iat": now, "exp": now + 300}
    claims |= {"nonce": "n1", **changes}
    return jwt.encode({"alg": alg, "kid": "k1"}, claims, key)


def check(token: str) -> dict[str, Any]:
    return validated_claims(token, KEYS, issuer=ISSUER, client_id="custody", nonce="n1")


def test_a_good_id_token_is_accepted() -> None:
    assert check(id_token())["sub"] == "s1"
    assert check(id_token(aud=["other", "custody"]))["sub"] == "s1"


@pytest.mark.parametrize(
    "token",
    [
        id_token(nonce="replayed"),
        id_token(iss="https://another-idp.example.com"),
        id_token(aud="someone-else"),
        id_token(exp=int(time.time()) - 3600),
        id_token(key=OTHER_KEY),
        id_token(key=OctKey.generate_key(256), alg="HS256"),
        id_token(azp="someone-else"),
    ],
    ids=["nonce", "issuer", "audience", "expired", "signature", "symmetric", "azp"],
)
def test_a_bad_id_token_is_refused(token: str) -> None:
    with pytest.raises(ProviderRefused):
        check(token)


async def test_a_private_issuer_is_refused_before_any_connection() -> None:
    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"connected to {request.url}")

    reach = Reach(what="identity providers")
    async with httpx.AsyncClient(transport=httpx.MockTransport(never)) as client:
        providers = OidcProviders(client, reach)
        for bad in ("https://10.0.0.5", "https://169.254.169.254", "http://idp.example.gov",
                    "https://127.0.0.1", "https://[::1]", "https://[fd00::1]"):  # fmt: skip
            with pytest.raises(InvalidArgument):
                await providers.discover(bad)
            with pytest.raises(InvalidArgument, match="issuer"):
                await _check_issuer(bad, reach)


def test_production_refuses_the_test_only_reach_of_identity_providers() -> None:
    good = {
        "custody_env": "production",
        "jwt_secret": SecretStr(secrets.token_urlsafe(40)),
        "first_admin_password": SecretStr(secrets.token_urlsafe(24)),
    }
    for flag in ("oidc_allow_http", "oidc_allow_loopback"):
        with pytest.raises(ValidationError, match="OIDC_ALLOW"):
            Settings(**good, **{flag: True})
    assert not Settings(**good).oidc_allow_loopback
