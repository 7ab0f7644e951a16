"""Domain errors every service raises from its service layer.

Transport adapters map them: gRPC to status codes (``custody_platform.grpc``), HTTP to
RFC 9457 problem+json (``http_status`` and ``title`` below). The message is shown to the
caller, so it must be clean: no stack traces, SQL or internal ids of other organizations.
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """Base class; ``code`` is a stable machine-readable name, also used in problem types."""

    code: ClassVar[str] = "domain_error"
    http_status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.title
        super().__init__(self.message)


class NotFound(DomainError):
    code = "not_found"
    http_status = 404
    title = "Not found"


class Conflict(DomainError):
    """An invalid state transition or a lost concurrent update (HTTP 409)."""

    code = "conflict"
    http_status = 409
    title = "Conflict"

    def __init__(self, message: str | None = None, *, current_state: str | None = None) -> None:
        self.current_state = current_state
        if message is None and current_state is not None:
            message = f"conflict: current state {current_state}"
        super().__init__(message)


class InvalidArgument(DomainError):
    code = "invalid_argument"
    http_status = 422
    title = "Invalid argument"


class PermissionDenied(DomainError):
    code = "permission_denied"
    http_status = 403
    title = "Permission denied"


class Unauthenticated(DomainError):
    code = "unauthenticated"
    http_status = 401
    title = "Unauthenticated"


class FailedPrecondition(DomainError):
    """Valid, but the system is not in a state to run it; not fixed by retrying (HTTP 400)."""

    code = "failed_precondition"
    http_status = 400
    title = "Failed precondition"


__all__ = [
    "Conflict",
    "DomainError",
    "FailedPrecondition",
    "InvalidArgument",
    "NotFound",
    "PermissionDenied",
    "Unauthenticated",
]
