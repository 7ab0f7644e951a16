"""API keys' rules (decision 0043): their shape and hash, the scopes a key may be given
(real operations of this API, none of them an admin's), expiry, and how the OpenAPI document
describes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from custody_contracts.principal import ROLE_ORG_ADMIN, ROLE_SERVICE, ROLE_SUPERADMIN
from custody_platform.errors import InvalidArgument, PermissionDenied
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from gateway.config import Settings
from gateway.domain import api_keys
from gateway.entrypoints.api.deps import OrgAdmin
from gateway.entrypoints.api.routes.api_keys import operations
from gateway.entrypoints.http_api import create_app
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.unit
NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def app() -> FastAPI:
    engine = create_async_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never used
    settings = Settings(jwt_secret=SecretStr("s" * 40))
    return create_app(settings, uow_factory=lambda: None, upstream=None, engine=engine)  # type: ignore[arg-type]


def test_a_new_key_is_its_prefix_and_256_random_bits_and_only_its_hash_is_kept() -> None:
    made = api_keys.new_key()
    assert made.secret.startswith(made.prefix + "_") and len(made.prefix) == 20
    assert api_keys.prefix_of(made.secret) == made.prefix
    assert made.sha256 == api_keys.digest(made.secret) and made.secret not in made.sha256
    assert api_keys.matches(made.secret, made.sha256)
    assert not api_keys.matches(made.secret[:-1] + "x", made.sha256)
    assert api_keys.new_key().secret != made.secret


@pytest.mark.parametrize(
    "credential", ["", "cak_", "cak_0123456789abcdef", "cak_0123456789abcdef_short", "eyJhbGc"]
)
def test_what_is_not_shaped_like_a_key_has_no_prefix(credential: str) -> None:
    assert api_keys.prefix_of(credential) is None


def test_a_jwt_is_no_key() -> None:
    assert not api_keys.is_api_key("eyJhbGciOiJIUzI1NiJ9.e30.x")
    assert api_keys.is_api_key(api_keys.new_key().secret)


def test_scopes_must_be_scopable_operations() -> None:
    assert api_keys.check_scopes(["read_case", "list_cases", "read_case"]) == [
        "list_cases",
        "read_case",
    ]
    for wrong in ([], ["create_api_key"], ["list_cases", "create_user"]):
        with pytest.raises(InvalidArgument):
            api_keys.check_scopes(wrong)


def test_a_key_expires_within_a_year() -> None:
    assert api_keys.check_expiry(NOW + timedelta(days=365), NOW) == NOW + timedelta(days=365)
    for wrong in (NOW, NOW - timedelta(days=1), NOW + timedelta(days=366)):
        with pytest.raises(InvalidArgument):
            api_keys.check_expiry(wrong, NOW)
    assert api_keys.usable(revoked_at=None, expires_at=NOW + timedelta(seconds=1), now=NOW)
    assert not api_keys.usable(revoked_at=None, expires_at=NOW, now=NOW)
    assert not api_keys.usable(revoked_at=NOW, expires_at=NOW + timedelta(days=1), now=NOW)


def test_a_key_calls_only_its_operations_with_no_admin_role() -> None:
    api_keys.ensure_scoped(["read_case"], "read_case")
    with pytest.raises(PermissionDenied):
        api_keys.ensure_scoped(["read_case"], "list_cases")
    roles = api_keys.roles_of(api_keys.SCOPES)
    assert not roles & {ROLE_ORG_ADMIN, ROLE_SUPERADMIN, ROLE_SERVICE}


def _needs_org_admin(dependant: Dependant) -> bool:
    admin_check = OrgAdmin.__metadata__[0].dependency
    return any(d.call is admin_check or _needs_org_admin(d) for d in dependant.dependencies)


def test_every_scope_is_a_real_operation_of_no_admin(app: FastAPI) -> None:
    served = {
        o["operationId"] for methods in app.openapi()["paths"].values() for o in methods.values()
    }
    assert set(api_keys.SCOPES) <= served
    found = operations()
    assert set(api_keys.SCOPES) <= set(found)
    assert not [s for s in api_keys.SCOPES if _needs_org_admin(found[s].dependant)]
    assert _needs_org_admin(found["create_api_key"].dependant)  # the check above can see it


def test_the_openapi_document_shows_api_keys_beside_user_tokens(app: FastAPI) -> None:
    document = app.openapi()
    scheme = document["components"]["securitySchemes"]["ApiKey"]
    assert scheme == scheme | {"type": "http", "scheme": "bearer"}
    security = document["paths"]["/api/v1/cases"]["get"]["security"]
    assert {"ApiKey": []} in security and {"OAuth2PasswordBearer": []} in security
