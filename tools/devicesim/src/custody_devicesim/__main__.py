"""python -m custody_devicesim --base-url URL --enrollment-code CODE [--once]

Enrolls (or reuses --credentials-file), then loops: long-poll check-in, handle each command.
Prints one JSON line per handled command.

Subcommands:
    python -m custody_devicesim vms-server --root DIR       a simulated VMS on 127.0.0.1
    python -m custody_devicesim upload-folder --folder DIR   the watch-folder Uploader
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import httpx

from custody_devicesim import uploader, vms_server
from custody_devicesim.device import Credentials, SimulatedDevice

RETRY_SECONDS = 5.0
SUBCOMMANDS = {"vms-server": vms_server.main, "upload-folder": uploader.main}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="custody_devicesim", description=__doc__)
    parser.add_argument(
        "--base-url", required=True, help="the device gateway, e.g. http://127.0.0.1:8090"
    )
    parser.add_argument("--enrollment-code", help="one-time code from CreateDevice")
    parser.add_argument(
        "--credentials-file", type=Path, help="keeps device id and secret across runs"
    )
    parser.add_argument("--wait", type=float, default=25.0, help="long-poll seconds per check-in")
    parser.add_argument("--once", action="store_true", help="one check-in, handle, then exit")
    parser.add_argument("--no-background-recording", action="store_true")
    return parser.parse_args(argv)


def load_credentials(path: Path | None) -> Credentials | None:
    if path is None or not path.exists():
        return None
    return Credentials(**json.loads(path.read_text()))


def run(device: SimulatedDevice, *, wait: float, once: bool) -> None:
    while True:
        try:
            for command in device.checkin(wait=wait):
                result = device.handle(command)
                line = {"command_id": command.id, "uploaded": result is not None}
                if result is not None:
                    line |= {"sha256": result.sha256, "size": result.size, "url": result.upload_url}
                print(json.dumps(line), flush=True)
        except httpx.HTTPError as exc:
            if once:
                raise
            print(f"device gateway unreachable or refused: {exc}", file=sys.stderr, flush=True)
            time.sleep(RETRY_SECONDS)
        if once:
            return


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in SUBCOMMANDS:
        return SUBCOMMANDS[argv[0]](argv[1:])
    args = parse_args(argv)
    credentials = load_credentials(args.credentials_file)
    if credentials is None and not args.enrollment_code:
        print("--enrollment-code is required on first run", file=sys.stderr)
        return 2
    with SimulatedDevice(
        args.base_url,
        enrollment_code=args.enrollment_code,
        credentials=credentials,
        background_recording=not args.no_background_recording,
    ) as device:
        if credentials is None:
            enroll(device, args.credentials_file)
        run(device, wait=args.wait, once=args.once)
    return 0


def enroll(device: SimulatedDevice, keep_in: Path | None) -> None:
    """Spend the one-time code; keep the credentials so the next run needs none."""
    credentials = device.enroll()
    if keep_in is not None:
        keep_in.write_text(json.dumps(asdict(credentials)))


if __name__ == "__main__":
    sys.exit(main())
