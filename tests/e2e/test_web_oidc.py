"""Signing in with an agency's own identity provider, in a real browser, against a real OpenID
Connect provider started on loopback by the test (oidc-provider-mock; the gateway reaches it
because the e2e stack allows loopback and http for identity providers, tests only).

An org admin sets the provider on the admin page (a private issuer address refused at its
field before any connection, then saved and tested); a new person signs in through the
provider's own page and lands on the home page with the mapped role; signing out of Custody
takes them to the provider's end-session page (RP-Initiated Logout, decision 0047: the mock
provider has one), which brings them back to the signed-out page; a second sign-in reuses
the account; a forged state is refused; password sign-in switched off is refused with a clear
message; another organization's admin cannot read the settings. Decision 0037.

By role and label, never CSS paths; every page of ours passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import oidc_provider_mock
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD, call
from .web_browser import Visits
from .web_people import new_person, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def agency(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    olga = new_person_in_new_org(gateway, root, "Harbor PD", "Olga Admin", ["org_admin"])
    pat = new_person(gateway, root, olga["org_id"], "Pat Password", ["investigator"])
    other = new_person_in_new_org(gateway, root, "Inland PD", "Ivan Other", ["org_admin"])
    domain = f"harbor-{uuid.uuid4().hex[:6]}.example.gov"
    return {"olga": olga, "pat": pat, "other": other, "domain": domain}


def provider_knows(issuer: str, email: str, groups: list[str]) -> None:
    """The claims the provider puts in this person's ID token."""
    body = {"email": email, "name": "Dana Scully", "groups": groups}
    assert httpx.put(f"{issuer}/users/{quote(email)}", json=body).status_code == 204


def continue_with_agency(page: Page, email: str) -> None:
    """The work email, then Enter (the keyboard) submits the agency form."""
    field = page.get_by_label("Work email")
    field.fill(email)
    field.press("Enter")


def test_an_agency_signs_in_through_its_own_identity_provider(
    page: Page,
    stack: dict[str, Any],
    gateway: httpx.Client,
    agency: dict[str, Any],
    issuer: str,
    visits: Visits,
) -> None:
    olga, domain = agency["olga"], agency["domain"]
    page.goto("/")
    sign_in(page, olga["email"], PASSWORD)
    page.goto("/admin/identity-provider")
    expect(page.get_by_role("heading", name="Identity provider", exact=True)).to_be_visible()
    visits.check(page, "identity provider empty")

    # A private address is refused at its field, before any connection is made.
    page.get_by_label("Issuer URL").fill("https://10.0.0.5")
    page.get_by_label("Client ID").fill("custody-web")
    page.get_by_label("Client secret").fill("s3cret-from-the-provider")
    page.get_by_label("Roles for each group").fill("detectives = investigator\nchiefs = org_admin")
    page.get_by_label("Email domains").fill(domain)
    page.get_by_role("button", name="Save identity provider").click()
    issuer_field = page.get_by_label("Issuer URL")
    expect(issuer_field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("resolves to a private address")
    visits.check(page, "identity provider refused")

    issuer_field.fill(issuer)
    page.get_by_label("Client secret").fill("s3cret-from-the-provider")
    page.get_by_role("button", name="Save identity provider").click()
    expect(page.get_by_text("Identity provider settings saved.")).to_be_visible()
    expect(page.get_by_text("/sign-in/agency/callback")).to_be_visible()
    expect(page.get_by_text("/sign-in?signed_out=1")).to_be_visible()  # post-logout URI
    page.get_by_role("button", name="Test the connection").click()
    expect(page.get_by_role("heading", name=f"Connected to {issuer}")).to_be_visible()
    visits.check(page, "identity provider tested")
    settings = f"/api/v1/orgs/{olga['org_id']}/identity-provider"
    shown = call(gateway, "GET", settings, olga["headers"])
    assert shown["client_secret_set"] and "client_secret" not in shown
    page.get_by_role("button", name="Sign out").click()

    # A new person signs in through the provider's page; the account is made with the role
    # the "detectives" group maps to.
    dana = f"dana.{uuid.uuid4().hex[:6]}@{domain}"
    provider_knows(issuer, dana, ["detectives"])
    page.goto("/sign-in")
    visits.check(page, "sign in with two ways")
    continue_with_agency(page, dana)
    page.get_by_placeholder("sub").fill(dana)
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("heading", name="Welcome, Dana Scully")).to_be_visible()
    expect(page.get_by_text(f"Signed in as {dana}")).to_contain_text("nvestigator")
    visits.check(page, "signed in through the agency")
    people = call(gateway, "GET", f"/api/v1/orgs/{olga['org_id']}/users", olga["headers"])
    made = [p for p in people["items"] if p["email"] == dana]
    assert len(made) == 1 and made[0]["roles"] == ["investigator"]

    # Signing out of Custody signs out at the provider too, which sends her back here.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="End session")).to_be_visible()  # the provider's
    sent = urlsplit(page.url)
    assert f"{sent.scheme}://{sent.netloc}{sent.path}" == f"{issuer}/oauth2/end_session"
    assert parse_qs(sent.query) == {
        "client_id": ["custody-web"],
        "post_logout_redirect_uri": [f"{stack['web_url']}/sign-in?signed_out=1"],
    }
    page.get_by_role("button", name="End session").click()
    expect(page).to_have_url(re.compile(r"/sign-in\?signed_out=1$"))
    expect(page.get_by_role("status")).to_contain_text("You have signed out.")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in"))  # Custody's session is gone too

    # The second sign-in lands in the same account.
    continue_with_agency(page, dana)
    page.get_by_role("button", name=dana).click()  # the provider's "previous users"
    expect(page.get_by_role("heading", name="Welcome, Dana Scully")).to_be_visible()
    people = call(gateway, "GET", f"/api/v1/orgs/{olga['org_id']}/users", olga["headers"])
    assert [p["id"] for p in people["items"] if p["email"] == dana] == [made[0]["id"]]
    page.get_by_role("button", name="Sign out").click()


def test_forged_answers_and_unmapped_people_are_refused(
    page: Page, agency: dict[str, Any], issuer: str, visits: Visits, gateway: httpx.Client
) -> None:
    _configured(gateway, agency, issuer)
    page.goto("/sign-in")
    mulder = f"mulder.{uuid.uuid4().hex[:6]}@{agency['domain']}"
    provider_knows(issuer, mulder, ["nobody-custody-knows"])
    continue_with_agency(page, mulder)
    expect(page.get_by_placeholder("sub")).to_be_visible()
    # An answer whose state is not this browser's is refused before the gateway is asked.
    page.goto("/sign-in/agency/callback?code=stolen&state=forged")
    expect(page.get_by_role("alert")).to_contain_text("not started in this browser")
    expect(page.get_by_label("Work email")).to_have_attribute("aria-invalid", "true")
    visits.check(page, "forged state refused")
    # Someone the mapping gives no role is told so.
    continue_with_agency(page, mulder)
    page.get_by_placeholder("sub").fill(mulder)
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("alert")).to_contain_text("no role in Custody")
    visits.check(page, "no mapped role")


def test_password_sign_in_switched_off_and_other_organizations_kept_out(
    page: Page, agency: dict[str, Any], issuer: str, visits: Visits, gateway: httpx.Client
) -> None:
    olga, pat, other = agency["olga"], agency["pat"], agency["other"]
    _configured(gateway, agency, issuer)
    page.goto("/")
    sign_in(page, olga["email"], PASSWORD)
    page.goto("/admin/identity-provider")
    page.get_by_text("Allow password sign-in too").click()  # a USWDS checkbox: its label
    page.get_by_role("button", name="Save identity provider").click()
    expect(page.get_by_text("Identity provider settings saved.")).to_be_visible()
    expect(page.get_by_label("Allow password sign-in too")).not_to_be_checked()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, pat["email"], PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Continue with your agency")
    visits.check(page, "password sign-in switched off")

    path = f"/api/v1/orgs/{olga['org_id']}/identity-provider"
    assert gateway.get(path, headers=other["headers"]).status_code == 404
    body = {"issuer": issuer, "client_id": "x", "role_mapping": {"a": ["org_admin"]},
            "email_domains": [agency["domain"]]}  # fmt: skip
    assert gateway.put(path, json=body, headers=other["headers"]).status_code == 404


def _configured(gateway: httpx.Client, agency: dict[str, Any], issuer: str) -> None:
    olga = agency["olga"]
    body = {
        "issuer": issuer,
        "client_id": "custody-web",
        "client_secret": "s3cret-from-the-provider",
        "role_mapping": {"detectives": ["investigator"], "chiefs": ["org_admin"]},
        "email_domains": [agency["domain"]],
    }
    call(gateway, "PUT", f"/api/v1/orgs/{olga['org_id']}/identity-provider", olga["headers"], body)
