"""`custody admin …`: the operator's command line.

Organizations and users go through the gateway's public API as an admin would; the ledger is
verified, and keys rotated, by the services' own commands; dead letters go back through the
broker.

Exit status: 0 done; 1 the system refused, or found a problem (a ledger that does not
verify); 2 usage error; 3 the gateway, database or broker could not be reached.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from custody_admin import keys, ledger, people, redrive, restore
from custody_admin.backup import backup
from custody_admin.gateway import Gateway
from custody_admin.outcome import FAILED, OK, UNREACHABLE, Outcome, Refused, Unreachable
from custody_admin.target import Target, add_target_options, resolve

ROLES = ("org_admin", "investigator", "approver")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="custody", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="group", required=True, metavar="admin")
    admin = commands.add_parser("admin", help="administer a Custody installation")
    admin_commands = admin.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print the result as JSON")
    add_target_options(common)

    _people_commands(admin_commands, common)
    people.add_commands(admin_commands, common)
    _system_commands(admin_commands, common)
    _backup_commands(admin_commands, common)
    return parser


def _people_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    org = commands.add_parser(
        "create-org", parents=[common], help="create an organization (as a superadmin)"
    )
    org.add_argument("name", help="the organization's name, unique")
    org.set_defaults(run=_create_org)

    user = commands.add_parser(
        "create-user",
        parents=[common],
        help="create a user in an organization; prints a generated password once",
    )
    user.add_argument("--org", required=True, help="the organization's id")
    user.add_argument("--email", required=True)
    user.add_argument("--name", required=True, help="the display name")
    user.add_argument(
        "--role", action="append", required=True, choices=ROLES, help="repeat for several roles"
    )
    user.set_defaults(run=_create_user)


def _system_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    check = commands.add_parser(
        "verify-ledger",
        parents=[common],
        help="re-derive the whole audit ledger and check it against the latest signed tree "
        "head (exit 1 when it does not verify)",
    )
    check.set_defaults(run=lambda args, target: ledger.verify_ledger(target))

    drive = commands.add_parser(
        "redrive",
        parents=[common],
        help="send the records waiting on <topic>.dlq back to <topic>",
    )
    drive.add_argument("topic", help="the topic, e.g. evidence.events (or its .dlq)")
    drive.add_argument("--limit", type=int, help="redrive at most this many records")
    drive.set_defaults(run=lambda args, target: redrive.redrive(target, args.topic, args.limit))

    jwt_key = commands.add_parser(
        "rotate-jwt-key",
        parents=[common],
        help="a new access-token signing key; tokens of the previous one keep working until "
        "they expire (decision 0046)",
    )
    jwt_key.set_defaults(run=lambda args, target: keys.rotate_jwt_key(target))
    ledger_key = commands.add_parser(
        "rotate-ledger-key",
        parents=[common],
        help="a new tree-head signing key; heads signed before keep verifying with the old "
        "one's public half, published at /api/v1/audit/public-keys",
    )
    ledger_key.set_defaults(run=lambda args, target: keys.rotate_ledger_key(target))


def _backup_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    save = commands.add_parser(
        "backup",
        parents=[common],
        help="copy every schema, every object, the ledger signing key and the C2PA CA key into "
        "a new directory",
    )
    save.add_argument("directory", type=Path, help="a new (or empty) directory")
    save.set_defaults(run=lambda args, target: backup(target, args.directory))

    load = commands.add_parser(
        "restore",
        parents=[common],
        help="restore a backup into an EMPTY installation: --data-dir for an embedded stack, "
        "else DATABASE_URL, OBJECT_STORE_PATH or S3_*, LEDGER_SIGNING_KEY_PATH, C2PA_CA_KEY_PATH",
    )
    load.add_argument("directory", type=Path, help="a directory `backup` wrote")
    load.add_argument("--data-dir", type=Path, help="a new embedded stack's data directory")
    load.add_argument("--skip-roles", action="store_true", help="the database roles exist already")
    load.set_defaults(run=_restore)


def _restore(args: argparse.Namespace, target: Target) -> Outcome:
    place = (
        restore.embedded(args.data_dir)
        if args.data_dir
        else restore.from_environment(
            target.database_url, target.ledger_key_path, target.c2pa_ca_key_path
        )
    )
    with place as destination:
        return restore.restore(args.directory, destination, with_roles=not args.skip_roles)


def _create_org(args: argparse.Namespace, target: Target) -> Outcome:
    with Gateway(target) as gateway:
        org = gateway.create_org(args.name)
    return Outcome(OK, f"created organization {org['name']}: {org['id']}", org)


def _create_user(args: argparse.Namespace, target: Target) -> Outcome:
    password = secrets.token_urlsafe(18)  # shown once; the user should change it
    body = {
        "email": args.email,
        "display_name": args.name,
        "roles": sorted(set(args.role)),
        "password": password,
    }
    with Gateway(target) as gateway:
        user = gateway.create_user(args.org, body)
    text = f"created user {user['email']}: {user['id']}\npassword (shown once): {password}"
    return Outcome(OK, text, {**user, "password": password})


def execute(args: argparse.Namespace) -> Outcome:
    command: Callable[[argparse.Namespace, Target], Outcome] = args.run
    try:
        return command(args, resolve(args))
    except Refused as exc:
        document = {"error": str(exc), "problem": exc.document}
        return Outcome(FAILED, f"refused: {exc}", document, is_error=True)
    except Unreachable as exc:
        text = f"cannot reach the system: {exc}"
        return Outcome(UNREACHABLE, text, {"error": str(exc)}, is_error=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits 2 on a usage error
    outcome = execute(args)
    # JSON always on stdout, for scripts; in text, errors go to stderr.
    stream = sys.stderr if outcome.is_error and not args.json else sys.stdout
    print(outcome.render(args.json), file=stream)
    return outcome.status
