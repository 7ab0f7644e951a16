"""`python -m custody_platform.embedded run`: the whole stack on one machine, nothing but Python.

Backends are embedded unless DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, S3_ENDPOINT or SMTP_URL
point at real ones. Connection details and admin credentials land in <data-dir>/stack.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from custody_platform.embedded.supervisor import Options, Supervisor


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m custody_platform.embedded")
    commands = root.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="start the stack; Ctrl-C stops it")
    run.add_argument("--data-dir", type=Path, default=Path(".data"))
    run.add_argument("--host", default="127.0.0.1", help="where the services listen")
    run.add_argument("--gateway-port", type=int, default=8000)
    run.add_argument("--device-gateway-port", type=int, default=8001)
    run.add_argument("--web-port", type=int, default=8080, help="the web app, for people")
    run.add_argument(
        "--ephemeral-ports", action="store_true", help="free ports for everything (tests)"
    )
    run.add_argument(
        "--services-file", type=Path, default=None, help="default: infra/services.yaml"
    )
    run.add_argument("--health-timeout", type=float, default=120.0, help="seconds")
    run.add_argument(
        "--front-door",
        default="",
        metavar="URL",
        help="the https origin of a front door (infra/caddy) before the stack: links name it",
    )
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    options = Options(
        data_dir=args.data_dir,
        host=args.host,
        gateway_port=args.gateway_port,
        device_gateway_port=args.device_gateway_port,
        web_port=args.web_port,
        ephemeral_ports=args.ephemeral_ports,
        services_file=args.services_file,
        health_timeout=args.health_timeout,
        front_door=args.front_door,
    )
    return Supervisor(options).run()


if __name__ == "__main__":
    sys.exit(main())
