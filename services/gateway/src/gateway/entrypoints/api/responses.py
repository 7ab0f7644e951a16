"""The problems a route may answer, for its OpenAPI ``responses=``: small named sets combined
with ``|``. 401 (the authenticated group) and 413 (any route taking a body) are declared for
whole groups in routes/__init__.py; 422 by FastAPI for any route with parameters or a body.

A route that forwards to a service may get any refusal that service can make, mapped by
`custody_platform.problems` (InvalidArgument 400, PermissionDenied 403, NotFound 404,
Conflict and FailedPrecondition 409), and 502/503 when the service fails or is down.
"""

from __future__ import annotations

from typing import Any

from custody_platform.problems import problem_responses

INVALID = problem_responses(400)  # the service checks the arguments beyond their shape
FORBIDDEN = problem_responses(403)  # the caller's role or permission does not allow it
NOT_FOUND = problem_responses(404)  # no such id, or not one the caller may see
CONFLICT = problem_responses(409)  # the object's state forbids it, or the name is taken
NOT_SATISFIABLE = problem_responses(416)  # a Range outside the item
UPSTREAM = problem_responses(502, 503)  # a service behind the gateway failed or is down

CREATE = INVALID | FORBIDDEN | CONFLICT
CHANGE = INVALID | FORBIDDEN | NOT_FOUND | CONFLICT  # an existing object, checked and moved
GUARDED = FORBIDDEN | NOT_FOUND  # an existing object the caller's permission must allow


def body(media_type: str, *others: str) -> dict[int | str, dict[str, Any]]:
    """A 200 that is not JSON, in these media types (bytes unless text)."""
    content = {kind: {"schema": _schema(kind)} for kind in (media_type, *others)}
    return {200: {"description": "OK", "content": content}}


def _schema(media_type: str) -> dict[str, str]:
    if media_type.endswith("json"):
        return {}  # a document of its own (e.g. a stored manifest)
    text = media_type.startswith("text/") or media_type.endswith("+xml")
    return {"type": "string"} if text else {"type": "string", "format": "binary"}
