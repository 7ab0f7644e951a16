"""How to call each operation of the public API on the world's objects: its path filled with
their ids, a valid body, and fresh objects where the call would use one up (retiring a camera,
revoking a device, deactivating a user, closing a case, withdrawing a request). A valid body
matters: a 422 for a bad one would hide what authorization answers."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pyotp

from .conftest import login
from .helpers import PASSWORD, call, new_case
from .world import (
    API,
    World,
    camera_body,
    file_request_body,
    png,
    share_link_body,
    submit,
    window,
)

Maker = Callable[[World, str], dict[str, Any]]


def _tag() -> str:
    return uuid.uuid4().hex[:8]


def _fresh_user(world: World, role: str) -> dict[str, Any]:
    body = {
        "email": f"spare.{_tag()}@walk.example",
        "password": PASSWORD,
        "display_name": "Spare",
        "roles": ["investigator"],
    }
    user = call(world.client, "POST", f"{API}/orgs/{world.org['id']}/users", world.root, body, 201)
    return {"user_id": user["id"]}


def _fresh_device(world: World, role: str) -> dict[str, Any]:
    body = {"name": f"Spare {_tag()}", "kind": "in_car", "channels": 1}
    return {"device_id": world.as_admin("POST", "/devices", body, 201)["device"]["id"]}


def _video_request_body() -> dict[str, Any]:
    return {"start": "2026-01-05T08:00:00Z", "end": "2026-01-05T09:00:00Z", "channels": [1]}


def _video_request(world: World, role: str) -> dict[str, Any]:
    """One background-video request of the world's device, made on first use."""
    if "video_request" not in world.ids:
        path = f"/devices/{world.ids['device']}/video-requests"
        world.ids["video_request"] = world.as_admin("POST", path, _video_request_body(), 201)["id"]
    return {"video_request_id": world.ids["video_request"]}


def _fresh_camera(world: World, role: str) -> dict[str, Any]:
    body = {"name": f"Spare {_tag()}", "kind": "fixed", "latitude": 45.5, "longitude": -73.55}
    return {"camera_id": world.as_admin("POST", "/cameras", body, 201)["id"]}


def _open_camera(world: World) -> str:
    """A camera every role may see (`registry`): the world's own is shown to one partner only,
    which a superadmin of another organization is not. Made on first use."""
    if "open_camera" not in world.ids:
        body = {"name": f"Open {_tag()}", "kind": "fixed", "latitude": 45.5, "longitude": -73.55}
        world.ids["open_camera"] = world.as_admin("POST", "/cameras", body, 201)["id"]
    return str(world.ids["open_camera"])


def _fresh_request(world: World, role: str) -> dict[str, Any]:
    who = "guest" if role == "guest" else "investigator"
    return {"request_id": submit(world, world.users[who]["headers"])["id"]}


def _fresh_case(world: World, role: str) -> dict[str, Any]:
    return {"case_id": new_case(world.client, world.users["investigator"]["headers"])["id"]}


def _a_notification(world: World, role: str) -> dict[str, Any]:
    """The world's approver's first notification (a request to review, from the world's
    submitted requests): its own for the approver, someone else's for everyone else."""
    headers = world.users["approver"]["headers"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = call(world.client, "GET", f"{API}/notifications", headers)["items"]
        if found:
            return {"notification_id": found[-1]["id"]}
        time.sleep(0.5)
    raise AssertionError("the world's approver was never notified")


WALK_HOOK = {"url": "http://127.0.0.1:9/walk", "event_types": ["disclosure.ready"]}


def _fresh_webhook(world: World, role: str) -> dict[str, Any]:
    return {"webhook_id": world.as_admin("POST", "/webhooks", WALK_HOOK, 201)["id"]}


def _api_key_body(world: World) -> dict[str, Any]:
    expires = datetime.now(UTC) + timedelta(days=30)
    return {"name": f"Walk {_tag()}", "scopes": ["read_case"], "expires_at": expires.isoformat()}


def _fresh_api_key(world: World, role: str) -> dict[str, Any]:
    return {"key_id": world.as_admin("POST", "/api-keys", _api_key_body(world), 201)["id"]}


def _webhook(world: World) -> str:
    """The world's webhook endpoint (on the discard port: its deliveries just fail), made on
    first use."""
    if "webhook" not in world.ids:
        world.ids["webhook"] = _fresh_webhook(world, "org_admin")["webhook_id"]
    return str(world.ids["webhook"])


def _webhook_delivery(world: World) -> str:
    """A test ping's delivery to the world's endpoint, made on first use."""
    if "webhook_delivery" not in world.ids:
        path = f"/webhooks/{_webhook(world)}/test"
        world.ids["webhook_delivery"] = world.as_admin("POST", path, None, 202)["id"]
    return str(world.ids["webhook_delivery"])


def _identity_provider_body(world: World) -> dict[str, Any]:
    """Saving checks the issuer's address but connects nowhere (the discard port: a connection
    test answers 409)."""
    return {
        "issuer": "http://127.0.0.1:9",
        "client_id": "walk",
        "client_secret": "walk-secret",
        "role_mapping": {"walkers": ["investigator"]},
        "email_domains": [f"walk-{world.org['id'][:8]}.example"],
    }


def _identity_provider(world: World, role: str) -> dict[str, Any]:
    """The world's organization has a provider (password sign-in stays on), set on first use."""
    if "identity_provider" not in world.ids:
        path = f"/orgs/{world.org['id']}/identity-provider"
        world.as_admin("PUT", path, _identity_provider_body(world))
        world.ids["identity_provider"] = "set"
    return {}


# Path parameters that name something made for the one call, or another object of the world.
FRESH: dict[str, Maker] = {
    "POST /api/v1/notifications/{notification_id}/read": _a_notification,
    "POST /api/v1/users/{user_id}/deactivate": _fresh_user,
    "POST /api/v1/users/{user_id}/mfa/reset": _fresh_user,
    "GET /api/v1/users/{user_id}": _fresh_user,
    "PATCH /api/v1/users/{user_id}": _fresh_user,
    "POST /api/v1/users/{user_id}/reactivate": _fresh_user,
    "POST /api/v1/users/{user_id}/password-reset": _fresh_user,
    "GET /api/v1/orgs/{org_id}/identity-provider": _identity_provider,
    "POST /api/v1/orgs/{org_id}/identity-provider/test": _identity_provider,
    "POST /api/v1/api-keys/{key_id}/revoke": _fresh_api_key,
    "PUT /api/v1/cases/by-incident/{incident_number}": lambda w, r: {
        "incident_number": f"CAD-{_tag()}"
    },
    "DELETE /api/v1/webhooks/{webhook_id}": _fresh_webhook,
    "POST /api/v1/devices/{device_id}/revoke": _fresh_device,
    "GET /api/v1/devices/{device_id}/video-requests/{video_request_id}": _video_request,
    "POST /api/v1/cameras/{camera_id}/retire": _fresh_camera,
    "POST /api/v1/requests/{request_id}/cancel": _fresh_request,
    "POST /api/v1/cases/{case_id}/status": _fresh_case,
    "POST /api/v1/cases/{case_id}/evidence": lambda w, r: {"case_id": w.ids["case2"]},
    "DELETE /api/v1/evidence/{evidence_id}": lambda w, r: {"evidence_id": w.ids["spare_item"]},
    "POST /api/v1/evidence/{evidence_id}/restore": lambda w, r: {
        "evidence_id": w.ids["spare_item"]
    },
}


def path_values(world: World, role: str, key: str) -> dict[str, str]:
    """The world's object for every path parameter; a guest acts on its own request."""
    ids, guest = world.ids, role == "guest"
    values = {
        "org_id": world.org["id"],
        "device_id": ids["device"],
        "camera_id": ids["camera"],
        "group_id": ids["group"],
        "version_id": ids["form_version"],
        "request_id": ids["guest_request" if guest else "request"],
        "case_id": ids["case"],
        "evidence_id": ids["item"],
        "kind": "cases",
        "object_id": ids["case"],
        "grant_id": ids["grant"],
        "link_id": ids["link"],
        "file_request_id": ids["file_request"],
        "job_id": ids["job"],
        "track_id": "1",
        "disclosure_id": ids["disclosure"],
        "event_id": ids["guest_event" if guest else "event"],
        "category": "walk",
    }
    if "{webhook_id}" in key:
        values["webhook_id"] = _webhook(world)
    if "{delivery_id}" in key:
        values["delivery_id"] = _webhook_delivery(world)
    if "{line_item_id}" in key:
        action = key.rsplit("/", 1)[-1]
        values["line_item_id"] = ids["guest_item"] if guest else ids["items"][action]
    return values


def _fresh_login(world: World, role: str) -> dict[str, Any]:
    """Logging out ends the session: do it with a session of its own."""
    if role == "superadmin":
        email, password = world.root_login
    else:
        email, password = world.users[role]["email"], PASSWORD
    return {"auth": login(world.client, email, password)}


def _confirm_totp(world: World, role: str) -> dict[str, Any]:
    """Enrolment's second step with a right code: the role's user starts enrolment (again) and
    the code comes from the secret it is shown. The turn-off row that follows turns TOTP off
    again with the next code, so the walk's people still sign in with a password alone."""
    path = f"{API}/users/me/mfa/totp"
    secret = call(world.client, "POST", path, world.headers(role), None, 201)["secret"]
    world.ids[f"totp:{role}"] = secret
    return {"json": {"code": pyotp.TOTP(secret).now()}}


def _turn_off_totp(world: World, role: str) -> dict[str, Any]:
    """The next step's code (the current one was spent confirming: no replay)."""
    secret = world.ids.get(f"totp:{role}")
    code = pyotp.TOTP(secret).at(time.time() + 30) if secret else "000000"
    return {"json": {"code": code}}


def _same_password(world: World, role: str) -> dict[str, Any]:
    """The right current password, and the same again as the new one: checked, then 409, so
    the walk's people keep their passwords and sessions."""
    password = world.root_login[1] if role == "superadmin" else PASSWORD
    return {"json": {"current_password": password, "new_password": password}}


def _csv(world: World, role: str) -> dict[str, Any]:
    data = f"name,kind,latitude,longitude\nImported {_tag()},fixed,45.5,-73.5\n".encode()
    return {"files": {"file": ("cameras.csv", data, "text/csv")}, "params": {"dry_run": "true"}}


def _json(body: Callable[[World], Any]) -> Maker:
    return lambda world, role: {"json": body(world)}


def _private_camera(world: World) -> dict[str, Any]:
    return {"name": f"New {_tag()}", "kind": "fixed", "latitude": 45.5, "longitude": -73.5}


_FORM = {"title": "Walk", "fields": [{"key": "note", "label": "Note", "type": "text"}]}
_HOLD = {"on": False, "reason": "walk"}

# What else each operation needs besides its path: a body, query parameters, files, headers.
EXTRA: dict[str, Maker] = {
    "POST /api/v1/auth/logout": _fresh_login,
    "POST /api/v1/orgs": _json(lambda w: {"name": f"Walk org {_tag()}"}),
    "POST /api/v1/orgs/{org_id}/users": _json(
        lambda w: {
            "email": f"new.{_tag()}@walk.example",
            "password": PASSWORD,
            "display_name": "New",
            "roles": ["investigator"],
        }
    ),
    "PATCH /api/v1/orgs/{org_id}": _json(lambda w: {"contact_phone": "+1 555 0100"}),
    "PUT /api/v1/orgs/{org_id}/identity-provider": _json(_identity_provider_body),
    "POST /api/v1/users/me/mfa/totp/confirm": _confirm_totp,
    "DELETE /api/v1/users/me/mfa/totp": _turn_off_totp,
    "POST /api/v1/users/me/password": _same_password,
    "PATCH /api/v1/users/{user_id}": _json(lambda w: {"display_name": "Walked"}),
    "PUT /api/v1/users/me/notification-preferences": _json(
        lambda w: {"preferences": [{"topic": "request_message", "choice": "in_app"}]}
    ),
    "GET /api/v1/orgs": lambda w, r: {"params": {"name": "Harbor"}},
    "POST /api/v1/orgs/{org_id}/guests": _json(
        lambda w: {"email": f"g.{_tag()}@walk.example", "display_name": "G", "agency": "A"}
    ),
    "POST /api/v1/devices": _json(lambda w: {"name": "Walk", "kind": "in_car", "channels": 1}),
    "PATCH /api/v1/devices/{device_id}": _json(lambda w: {"background_recording": True}),
    "POST /api/v1/devices/{device_id}/video-requests": _json(lambda w: _video_request_body()),
    "POST /api/v1/cameras/import": _csv,
    "PUT /api/v1/cameras/{camera_id}/thumbnail": lambda w, r: {
        "files": {"file": ("view.png", png(), "image/png")}
    },
    "POST /api/v1/cameras": _json(_private_camera),
    "GET /api/v1/cameras": lambda w, r: {"params": {"text": "a", "status": "active", "limit": 5}},
    "GET /api/v1/cameras/search": lambda w, r: {
        "params": {"latitude": 45.5, "longitude": -73.55, "radius_m": 1000}
    },
    "GET /api/v1/cameras/map": lambda w, r: {
        "params": {"south": 45.4, "west": -73.7, "north": 45.6, "east": -73.4, "zoom": 12}
    },
    "PUT /api/v1/cameras/{camera_id}": _json(camera_body),
    "GET /api/v1/request-terms": lambda w, r: {"params": {"camera_id": _open_camera(w)}},
    "POST /api/v1/camera-groups": _json(lambda w: {"name": f"G {_tag()}"}),
    "PUT /api/v1/camera-groups/{group_id}": _json(lambda w: {"name": f"G {_tag()}"}),
    "POST /api/v1/camera-groups/{group_id}/cameras": _json(
        lambda w: {"camera_ids": [w.ids["spare_camera"]]}
    ),
    "POST /api/v1/camera-groups/ungroup": _json(lambda w: {"camera_ids": [w.ids["spare_camera"]]}),
    "PUT /api/v1/request-settings": _json(
        lambda w: {"approver_user_ids": [w.users["approver"]["id"]]}
    ),
    "POST /api/v1/request-forms": _json(lambda w: _FORM),
    "POST /api/v1/requests": _json(
        lambda w: {
            "incident_number": f"W-{_tag()}",
            "line_items": [{"camera_id": w.ids["camera"], **window(0)}],
        }
    ),
    "POST /api/v1/requests/{request_id}/line-items/{line_item_id}/approve": _json(
        lambda w: {"permission": "view"}
    ),
    "POST /api/v1/requests/{request_id}/line-items/{line_item_id}/reject": _json(
        lambda w: {"reason": "walked"}
    ),
    "POST /api/v1/requests/{request_id}/line-items/{line_item_id}/more-info": _json(
        lambda w: {"question": "Which door?"}
    ),
    "POST /api/v1/requests/{request_id}/messages": _json(lambda w: {"body": "walked"}),
    "POST /api/v1/cases": _json(lambda w: {"title": f"Walk {_tag()}"}),
    "PATCH /api/v1/cases/{case_id}": _json(lambda w: {"description": "walked"}),
    "POST /api/v1/cases/{case_id}/status": _json(lambda w: {"status": "closed"}),
    "PUT /api/v1/cases/{case_id}/legal-hold": _json(lambda w: _HOLD),
    "POST /api/v1/cases/{case_id}/evidence": _json(lambda w: {"evidence_id": w.ids["item"]}),
    "PATCH /api/v1/evidence/{evidence_id}": _json(lambda w: {"description": "walked"}),
    "POST /api/v1/cases/{case_id}/evidence/bulk": _json(
        lambda w: {"evidence_ids": [w.ids["item"]], "add_tags": ["walked"]}
    ),
    "DELETE /api/v1/evidence/{evidence_id}": lambda w, r: {"params": {"reason": "walked"}},
    "PUT /api/v1/evidence/{evidence_id}/legal-hold": _json(lambda w: _HOLD),
    "POST /api/v1/evidence/{evidence_id}/comments": _json(lambda w: {"body": "walked"}),
    "GET /api/v1/evidence/{evidence_id}/stream": lambda w, r: {
        "headers": {"Range": "bytes=0-1023"}
    },
    "PUT /api/v1/retention-policies/{category}": _json(lambda w: {"days": 30}),
    "POST /api/v1/{kind}/{object_id}/grants": _json(
        lambda w: {"grantee_type": "org", "grantee_id": w.partner_org["id"], "permission": "view"}
    ),
    "POST /api/v1/{kind}/{object_id}/share-links": _json(lambda w: share_link_body()),
    "POST /api/v1/cases/{case_id}/file-requests": _json(lambda w: file_request_body()),
    "POST /api/v1/cases/{case_id}/uploads": _json(lambda w: {}),
    "GET /api/v1/audit/records": lambda w, r: {"params": {"object_id": w.ids["case"]}},
    "GET /api/v1/audit/consistency": lambda w, r: {"params": {"from_tree_head_id": 1}},
    "POST /api/v1/cases/{case_id}/disclosures": _json(
        lambda w: {"evidence_ids": [w.ids["item"]], "recipient_name": "County court"}
    ),
    "POST /api/v1/redactions/{job_id}/review": _json(lambda w: {}),
    "GET /api/v1/redactions/{job_id}/boxes": lambda w, r: {
        "params": {"from_frame": 0, "frames": 30}
    },
    "POST /api/v1/api-keys": _json(_api_key_body),
    "PUT /api/v1/cases/by-incident/{incident_number}": _json(lambda w: {"title": "Walk"}),
    "POST /api/v1/webhooks": _json(lambda w: WALK_HOOK),
    "PATCH /api/v1/webhooks/{webhook_id}": _json(lambda w: {"description": "walked"}),
}


def perform(
    world: World,
    key: str,
    role: str,
    headers: dict[str, str],
    values: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> httpx.Response:
    """One call of the operation ``key`` ("METHOD /api/v1/path") with ``headers``; path values
    default to the world's objects as ``role`` would name them, the rest to EXTRA's."""
    method, template = key.split(" ", 1)
    filled = (values or path_values(world, role, key)) | FRESH.get(key, _none)(world, role)
    extra = dict(extra) if extra is not None else EXTRA.get(key, _none)(world, role)
    sent = extra.pop("auth", headers) | extra.pop("headers", {})
    if key in STREAMS:
        return _opened(world, method, template.format(**filled), sent)
    response = world.client.request(method, template.format(**filled), headers=sent, **extra)
    if key == "POST /api/v1/evidence/{evidence_id}/redactions" and response.status_code == 202:
        world.made_jobs.append(response.json()["job_id"])
    return response


def _none(world: World, role: str) -> dict[str, Any]:
    return {}


# Streams that never end by themselves: opened, their first line read, then closed.
STREAMS = frozenset({"GET /api/v1/notifications/stream"})


def _opened(world: World, method: str, url: str, headers: dict[str, str]) -> httpx.Response:
    with world.client.stream(method, url, headers=headers) as response:
        if response.is_success:
            next(response.iter_lines(), None)
        else:
            response.read()  # a problem: short, and its text explains a wrong answer
    return response
