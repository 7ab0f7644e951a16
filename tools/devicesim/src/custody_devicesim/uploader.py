"""The watch-folder Uploader: sends every new file in a folder to a case through the device
gateway's tus ingest endpoint, with an upload grant token.

- Resumable: tuspy keeps each file's upload URL (by fingerprint) in `<state>.tus.json`; an
  interrupted run resumes where the server says it stopped.
- Skips what was sent: the sha256 of every finished file is kept in the state file, so a
  renamed or copied file is not uploaded twice.

    python -m custody_devicesim upload-folder --base-url URL --token ug_... --folder DIR
        [--state FILE] [--watch SECONDS]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tusclient.client import TusClient
from tusclient.exceptions import TusCommunicationError
from tusclient.storage.filestorage import FileStorage

from custody_devicesim.upload import Sha256Uploader

INGEST_PATH = "/ingest/v1/uploads"
CHUNK = 1 << 20
GONE = {404, 410}


@dataclass
class UploadState:
    """sha256 -> file name of every file uploaded to completion; written atomically."""

    path: Path
    uploaded: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> UploadState:
        if not path.exists():
            return cls(path)
        return cls(path, dict(json.loads(path.read_text())["uploaded"]))

    def add(self, sha256: str, name: str) -> None:
        self.uploaded[sha256] = name
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"uploaded": self.uploaded}, indent=1))
        os.replace(tmp, self.path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def candidates(folder: Path) -> list[Path]:
    """Regular, visible, non-empty files; partial downloads (.part, .tmp) wait."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and p.suffix not in {".part", ".tmp"}
        and p.stat().st_size > 0
    )


def upload_file(base_url: str, token: str, path: Path, sha256: str, urls: FileStorage) -> str:
    """Uploads (or resumes) one file; a server that forgot the upload gets a new one."""
    client = TusClient(base_url.rstrip("/") + INGEST_PATH)
    client.set_headers({"Authorization": f"Bearer {token}"})
    metadata = {
        "filename": path.name,
        "filetype": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        "sha256": sha256,
    }
    for _ in range(2):
        uploader = Sha256Uploader(
            file_path=str(path),
            client=client,
            chunk_size=CHUNK,
            metadata=metadata,
            upload_checksum=True,
            store_url=True,
            url_storage=urls,
        )
        try:
            uploader.upload()
            return str(uploader.url)
        except TusCommunicationError as exc:
            if exc.status_code not in GONE:
                raise
            with path.open("rb") as file:
                urls.remove_item(uploader.fingerprinter.get_fingerprint(file))
    raise TusCommunicationError("the upload was gone twice")


def upload_folder(base_url: str, token: str, folder: Path, state_path: Path) -> list[Path]:
    """One pass over the folder; returns the files uploaded in it."""
    state = UploadState.load(state_path)
    urls = FileStorage(str(state_path.with_suffix(".tus.json")))
    sent = []
    try:
        for path in candidates(folder):
            sha256 = sha256_of(path)
            if sha256 in state.uploaded:
                continue
            upload_file(base_url, token, path, sha256, urls)
            state.add(sha256, path.name)
            sent.append(path)
    finally:
        urls._db.close()  # TinyDB holds the file open
    return sent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="custody_devicesim upload-folder", description=__doc__)
    parser.add_argument("--base-url", required=True, help="the device gateway")
    parser.add_argument("--token", default=os.environ.get("CUSTODY_UPLOAD_TOKEN"))
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--state", type=Path, help="default: <folder>/.custody-uploaded.json")
    parser.add_argument("--watch", type=float, default=0, help="poll every N seconds")
    args = parser.parse_args(argv)
    if not args.token:
        print("--token (or CUSTODY_UPLOAD_TOKEN) is required", file=sys.stderr)
        return 2
    state = args.state or args.folder / ".custody-uploaded.json"
    while True:
        for path in upload_folder(args.base_url, args.token, args.folder, state):
            print(json.dumps({"uploaded": path.name}), flush=True)
        if not args.watch:
            return 0
        time.sleep(args.watch)
