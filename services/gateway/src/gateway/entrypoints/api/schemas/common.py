"""Small conversions between protobuf fields and API values that `custody_platform.grpc.fields`
does not make (UUIDs and timestamps are read and written there)."""

from __future__ import annotations


def optional_text(value: str) -> str | None:
    """Proto3 strings are "" when absent; the API says null."""
    return value or None
