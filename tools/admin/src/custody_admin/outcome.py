"""What a command ends with: exit status and what to print, as text or as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

OK = 0
FAILED = 1  # the system answered: refused, or found a problem (a ledger that does not verify)
USAGE = 2  # argparse's own status for bad arguments
UNREACHABLE = 3  # the gateway, database or broker could not be reached


class Unreachable(Exception):
    """The system could not be reached; the message says which part and why."""


class Refused(Exception):
    """The system answered with a refusal; the message is its problem detail."""

    def __init__(self, message: str, document: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.document = document or {"detail": message}


@dataclass
class Outcome:
    status: int
    text: str
    document: dict[str, Any] = field(default_factory=dict)
    is_error: bool = False  # the command could not do its work (refused, unreachable)

    def render(self, as_json: bool) -> str:
        return json.dumps(self.document, indent=2) if as_json else self.text
