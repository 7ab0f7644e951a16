"""`custody admin list-users | deactivate-user | reactivate-user | reset-password`: people's
lifecycle through the gateway's public API, as an org admin or a superadmin would do it."""

from __future__ import annotations

import argparse
from typing import Any

from custody_admin.gateway import Gateway
from custody_admin.outcome import OK, Outcome
from custody_admin.target import Target

STATUSES = ("active", "deactivated", "all")
PAGE = 500


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    found = commands.add_parser(
        "list-users",
        parents=[common],
        help="list an organization's users by email (every page), active ones unless --status",
    )
    found.add_argument("--org", required=True, help="the organization's id")
    found.add_argument("--search", default="", help="text in the email or display name")
    found.add_argument("--role", choices=("org_admin", "investigator", "approver", "superadmin"))
    found.add_argument("--status", choices=STATUSES, default="active")
    found.set_defaults(run=_list_users)

    for name, verb, run in (
        ("deactivate-user", "deactivate a user: every session of theirs ends at once", _deactivate),
        ("reactivate-user", "let a deactivated user sign in again", _reactivate),
        (
            "reset-password",
            "set a temporary password, printed once; the user must change it at next sign-in",
            _reset_password,
        ),
    ):
        command = commands.add_parser(name, parents=[common], help=verb)
        command.add_argument("user_id", help="the user's id (list-users shows it)")
        command.set_defaults(run=run)


def _list_users(args: argparse.Namespace, target: Target) -> Outcome:
    query = {"q": args.search, "status": args.status, "limit": PAGE, "role": args.role}
    with Gateway(target) as gateway:
        users = gateway.list_users(args.org, {k: v for k, v in query.items() if v})
    lines = [
        "\t".join((u["email"], u["display_name"], ",".join(u["roles"]), _state(u), u["id"]))
        for u in users
    ]
    return Outcome(OK, "\n".join(lines) or "no users", {"items": users, "count": len(users)})


def _deactivate(args: argparse.Namespace, target: Target) -> Outcome:
    with Gateway(target) as gateway:
        user = gateway.user_action(args.user_id, "deactivate")
    return Outcome(OK, f"deactivated {user['email']}: {user['id']}", user)


def _reactivate(args: argparse.Namespace, target: Target) -> Outcome:
    with Gateway(target) as gateway:
        user = gateway.user_action(args.user_id, "reactivate")
    return Outcome(OK, f"reactivated {user['email']}: {user['id']}", user)


def _reset_password(args: argparse.Namespace, target: Target) -> Outcome:
    with Gateway(target) as gateway:
        reset = gateway.user_action(args.user_id, "password-reset")
    user, password = reset["user"], reset["temporary_password"]
    text = (
        f"reset the password of {user['email']}: {user['id']}\n"
        f"temporary password (shown once; to be changed at next sign-in): {password}"
    )
    return Outcome(OK, text, reset)


def _state(user: dict[str, Any]) -> str:
    return "active" if user["is_active"] else "deactivated"
