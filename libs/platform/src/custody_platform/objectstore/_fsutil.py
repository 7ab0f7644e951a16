"""Durable file operations: a rename only survives a crash once its directory is fsynced."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from custody_platform.direct_io import DirectWriter

READ_ONLY = 0o444


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(path: Path) -> None:
    """mkdir -p that fsyncs each new directory's parent, so the new entries are durable."""
    missing: list[Path] = []
    while not path.is_dir():
        missing.append(path)
        path = path.parent
    for directory in reversed(missing):
        directory.mkdir(exist_ok=True)
        fsync_dir(directory.parent)


def write_durable(path: Path, chunks: Iterable[bytes]) -> None:
    """Writes a new file, fsyncs it and makes it read-only before anyone can rename it in."""
    path.open("xb").close()
    with DirectWriter(path) as writer:
        for chunk in chunks:
            writer.write(chunk)
    path.chmod(READ_ONLY)
