"""People's lifecycle over HTTP against the real Postgres (decision 0042): the admin's list
with search, filters and paging; roles and name; reactivation; an admin's password reset that
ends the user's sessions and lets the next sign-in do nothing but change the password; one's
own password change; every change in the audit outbox."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import PASSWORD, People, bearer

pytestmark = pytest.mark.integration
NEW_PASSWORD = "a brand new long password"


async def _email(people: People, user_id: str) -> str:
    reply = await people.http.get(f"/api/v1/users/{user_id}", headers=people.as_admin)
    assert reply.status_code == 200, reply.text
    return str(reply.json()["email"])


async def _actions(engine: AsyncEngine, user_id: str) -> list[str]:
    async with engine.connect() as conn:
        found = await conn.execute(
            text("SELECT payload::jsonb->>'action' FROM gateway.outbox WHERE key = :id"),
            {"id": user_id},
        )
        return sorted(found.scalars())


async def test_admins_search_filter_and_page_their_people(people: People) -> None:
    org_id = await people.org("Harbor")
    _, admin = await people.user(org_id, "org_admin")
    ids = [(await people.user(org_id, "investigator"))[0] for _ in range(3)]
    await people.http.post(f"/api/v1/users/{ids[0]}/deactivate", headers=bearer(admin))
    path = f"/api/v1/orgs/{org_id}/users"

    first = (
        await people.http.get(path, params={"limit": 2, "status": "all"}, headers=bearer(admin))
    ).json()
    assert first["total"] == 4 and first["count"] == 2 and first["next_cursor"]
    rest = await people.http.get(
        path,
        params={"limit": 2, "status": "all", "cursor": first["next_cursor"]},
        headers=bearer(admin),
    )
    emails = [u["email"] for u in first["items"] + rest.json()["items"]]
    assert emails == sorted(emails) and len(set(emails)) == 4 and rest.json()["next_cursor"] == ""

    gone = (
        await people.http.get(path, params={"status": "deactivated"}, headers=bearer(admin))
    ).json()
    assert [u["id"] for u in gone["items"]] == [ids[0]] and gone["items"][0]["deactivated_at"]
    active = (
        await people.http.get(path, params={"role": "investigator"}, headers=bearer(admin))
    ).json()
    assert sorted(u["id"] for u in active["items"]) == sorted(ids[1:])
    email = await _email(people, ids[1])
    found = (
        await people.http.get(path, params={"q": email[5:12].upper()}, headers=bearer(admin))
    ).json()
    assert [u["id"] for u in found["items"]] == [ids[1]]

    _, member = await people.user(org_id, "investigator")
    assert (
        await people.http.get(path, params={"status": "all"}, headers=bearer(member))
    ).status_code == 403
    _, stranger = await people.user(await people.org("Rival"), "org_admin")
    assert (
        await people.http.get(path, params={"status": "all"}, headers=bearer(stranger))
    ).status_code == 404
    bad = await people.http.get(path, params={"cursor": "%%%"}, headers=bearer(admin))
    assert bad.status_code == 400


async def test_roles_change_within_the_policy_and_are_audited(
    people: People, engine: AsyncEngine
) -> None:
    org_id = await people.org("Harbor")
    admin_id, admin = await people.user(org_id, "org_admin")
    user_id, _ = await people.user(org_id, "investigator")
    path = f"/api/v1/users/{user_id}"

    changed = await people.http.patch(
        path,
        json={"roles": ["approver", "investigator"], "display_name": "Dana Q"},
        headers=bearer(admin),
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["roles"] == ["approver", "investigator"]
    assert changed.json()["display_name"] == "Dana Q"
    assert "user.changed" in await _actions(engine, user_id)

    refused = {
        "grant superadmin": await people.http.patch(
            path, json={"roles": ["superadmin"]}, headers=bearer(admin)
        ),
        "drop own org_admin": await people.http.patch(
            f"/api/v1/users/{admin_id}", json={"roles": ["investigator"]}, headers=bearer(admin)
        ),
        "no role": await people.http.patch(path, json={"roles": []}, headers=bearer(admin)),
    }
    _, stranger = await people.user(await people.org("Rival"), "org_admin")
    refused["stranger"] = await people.http.patch(
        path, json={"display_name": "X"}, headers=bearer(stranger)
    )
    assert {k: r.status_code for k, r in refused.items()} == {
        "grant superadmin": 403,
        "drop own org_admin": 409,
        "no role": 422,
        "stranger": 404,
    }
    # A superadmin helps the organization set up: it changes any of its users.
    helped = await people.http.patch(path, json={"roles": ["org_admin"]}, headers=people.as_admin)
    assert helped.status_code == 200 and helped.json()["roles"] == ["org_admin"]


async def test_reactivation_lets_the_user_sign_in_again(
    people: People, engine: AsyncEngine
) -> None:
    org_id = await people.org("Harbor")
    _, admin = await people.user(org_id, "org_admin")
    user_id, token = await people.user(org_id, "investigator")
    email = await _email(people, user_id)

    await people.http.post(f"/api/v1/users/{user_id}/deactivate", headers=bearer(admin))
    assert (await people.http.get("/api/v1/users/me", headers=bearer(token))).status_code == 401
    signed_in = await people.http.post(
        "/api/v1/auth/token", data={"username": email, "password": PASSWORD}
    )
    assert signed_in.status_code == 401

    back = await people.http.post(f"/api/v1/users/{user_id}/reactivate", headers=bearer(admin))
    assert (
        back.status_code == 200
        and back.json()["is_active"]
        and back.json()["deactivated_at"] is None
    )
    assert (await people.http.get("/api/v1/users/me", headers=bearer(token))).status_code == 401
    fresh = await people.login(email)
    assert (await people.http.get("/api/v1/users/me", headers=bearer(fresh))).status_code == 200
    assert {"user.deactivated", "user.reactivated"} <= set(await _actions(engine, user_id))


async def test_a_reset_password_must_be_changed_before_anything_else(
    people: People, engine: AsyncEngine
) -> None:
    org_id = await people.org("Harbor")
    _, admin = await people.user(org_id, "org_admin")
    user_id, old_session = await people.user(org_id, "investigator")
    email = await _email(people, user_id)

    reset = await people.http.post(f"/api/v1/users/{user_id}/password-reset", headers=bearer(admin))
    assert reset.status_code == 200, reset.text
    temporary = reset.json()["temporary_password"]
    assert reset.json()["user"]["password_change_required"] is True
    assert (
        await people.http.get("/api/v1/users/me", headers=bearer(old_session))
    ).status_code == 401

    token = await people.login(email, temporary)
    me = await people.http.get("/api/v1/users/me", headers=bearer(token))
    assert me.status_code == 200 and me.json()["password_change_required"] is True
    blocked = await people.http.get("/api/v1/cases", headers=bearer(token))
    assert blocked.status_code == 403 and blocked.json()["type"].endswith(
        ":password_change_required"
    )

    change = "/api/v1/users/me/password"
    wrong = await people.http.post(
        change,
        json={"current_password": "not it at all", "new_password": NEW_PASSWORD},
        headers=bearer(token),
    )
    short = await people.http.post(
        change, json={"current_password": temporary, "new_password": "short"}, headers=bearer(token)
    )
    assert (wrong.status_code, short.status_code) == (400, 422)
    done = await people.http.post(
        change,
        json={"current_password": temporary, "new_password": NEW_PASSWORD},
        headers=bearer(token),
    )
    assert done.status_code == 204, done.text
    me = await people.http.get("/api/v1/users/me", headers=bearer(token))
    assert me.json()["password_change_required"] is False
    await people.login(email, NEW_PASSWORD)
    actions = await _actions(engine, user_id)
    assert {"user.password_reset", "user.password_changed", "user.password_change_failed"} <= set(
        actions
    )


async def test_resets_are_refused_outside_the_policy(people: People) -> None:
    org_id = await people.org("Harbor")
    admin_id, admin = await people.user(org_id, "org_admin")
    user_id, _ = await people.user(org_id, "investigator")
    _, investigator = await people.user(org_id, "investigator")
    _, stranger = await people.user(await people.org("Rival"), "org_admin")
    reset = f"/api/v1/users/{user_id}/password-reset"
    refused = {
        "self": await people.http.post(
            f"/api/v1/users/{admin_id}/password-reset", headers=bearer(admin)
        ),
        "investigator": await people.http.post(reset, headers=bearer(investigator)),
        "stranger": await people.http.post(reset, headers=bearer(stranger)),
        "stranger reactivates": await people.http.post(
            f"/api/v1/users/{user_id}/reactivate", headers=bearer(stranger)
        ),
    }
    assert {k: r.status_code for k, r in refused.items()} == {
        "self": 409,
        "investigator": 403,
        "stranger": 404,
        "stranger reactivates": 404,
    }


async def test_an_mfa_reset_ends_the_users_sessions(people: People, engine: AsyncEngine) -> None:
    org_id = await people.org("Harbor")
    _, admin = await people.user(org_id, "org_admin")
    user_id, token = await people.user(org_id, "investigator")
    reset = await people.http.post(f"/api/v1/users/{user_id}/mfa/reset", headers=bearer(admin))
    assert reset.status_code == 204
    assert (await people.http.get("/api/v1/users/me", headers=bearer(token))).status_code == 401
