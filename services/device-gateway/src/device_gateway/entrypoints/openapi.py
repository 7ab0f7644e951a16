"""What the device gateway's routes answer and take beyond their signatures, for its OpenAPI
document: the problems each may answer, and the tus 1.0 contract (headers, metadata keys,
checksums, limits and the two kinds of bearer token), which FastAPI cannot see in routes that
read raw headers and bodies.

The device gateway answers each error with its own status: InvalidArgument 422,
FailedPrecondition 400, and the tus statuses (`domain/errors.py`).
"""

from __future__ import annotations

from typing import Any

from custody_platform.problems import problem_responses

from device_gateway.domain.errors import TUS_VERSION
from device_gateway.domain.tus import (
    CHECKSUM_ALGORITHMS,
    EXTENSIONS,
    MAX_METADATA_BYTES,
    OFFSET_CONTENT_TYPE,
)

INT64_MAX = 2**63 - 1
SIGNED_IN = problem_responses(400, 401)  # 400: a body that cannot be parsed
COMMAND = problem_responses(401, 404, 409)  # a command of the device, in a state to move
# Every versioned tus request: no or a bad token, a bad header, a wrong tus version.
TUS = problem_responses(400, 401, 412, 422)
TUS_UPLOAD = problem_responses(404, 410)  # an upload of the caller's that may be gone
TUS_WRITE = problem_responses(409, 413, 415, 460)  # a chunk: offset, size, type, checksum

TOKENS = (
    "Bearer token: a device's access token (POST /device/v1/token) on /device/v1/uploads; an "
    "upload grant's `ug_...` token (from the gateway: a file request's link or a direct "
    "upload grant) on /ingest/v1/uploads."
)
METADATA = (
    "Upload-Metadata: comma-separated `key base64(value)` pairs, at most "
    f"{MAX_METADATA_BYTES} bytes. Keys: `filename` (a display name), `filetype` (a bare media "
    "type such as video/mp4; application/octet-stream when absent), `sha256` (hex of the whole "
    "file: required of devices, checked when a grant holder gives it), `command_id` (devices: "
    "the export command the file answers), `contributor_name` and `contributor_contact` "
    "(public file requests that ask for them)."
)


def _header(
    name: str, schema: dict[str, Any], description: str, required: bool = True
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": required,
        "schema": schema,
        "description": description,
    }


VERSION = _header("Tus-Resumable", {"type": "string", "enum": [TUS_VERSION]}, "tus version")
LENGTH = _header(
    "Upload-Length",
    {"type": "integer", "minimum": 0, "maximum": INT64_MAX},
    "The file's size in bytes; at most Tus-Max-Size (OPTIONS) and the grant's limits.",
)
META = _header(
    "Upload-Metadata",
    {"type": "string", "maxLength": MAX_METADATA_BYTES},
    METADATA,
    required=False,
)
OFFSET = _header(
    "Upload-Offset",
    {"type": "integer", "minimum": 0, "maximum": INT64_MAX},
    "Where this chunk starts: the upload's current offset (HEAD), or 409.",
)
CHECKSUM = _header(
    "Upload-Checksum",
    {"type": "string", "maxLength": 200},
    f"`<algorithm> <base64 digest>` of this chunk ({', '.join(CHECKSUM_ALGORITHMS)}); a "
    "mismatch is 460 and the chunk is discarded.",
    required=False,
)
CHUNK = {
    "content": {OFFSET_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
}


def _headers(*names: str) -> dict[str, Any]:
    return {name: {"schema": {"type": "string"}} for name in names}


def tus_route(who: str, action: str) -> dict[str, Any]:
    """The `add_api_route` keywords of one tus route of `who` (device or ingest): path,
    method, status, operation name, the problems it answers, and its headers, body and
    response headers (`openapi_extra`)."""
    path, method, status, name, responses = _ROUTES[action]
    description, parameters, extra = _ACTIONS[action]
    return {
        "path": path,
        "methods": [method],
        "status_code": status,
        "name": name.format(who=who),
        "responses": responses,
        "openapi_extra": {
            "description": f"{description} {TOKENS}",
            "parameters": parameters,
            **extra,
        },
    }


UPLOAD = "/{upload_id}"
TUS_ACTIONS = ("discover", "create", "offset", "append", "terminate")
_ROUTES: dict[str, tuple[str, str, int, str, dict[int | str, dict[str, Any]]]] = {
    "discover": ("", "OPTIONS", 204, "discover_{who}_uploads", {}),
    "create": (
        "",
        "POST",
        201,
        "create_{who}_upload",
        TUS | TUS_WRITE | problem_responses(403, 429),
    ),
    "offset": (UPLOAD, "HEAD", 200, "read_{who}_upload_offset", TUS | TUS_UPLOAD),
    "append": (UPLOAD, "PATCH", 204, "append_{who}_upload", TUS | TUS_UPLOAD | TUS_WRITE),
    "terminate": (UPLOAD, "DELETE", 204, "terminate_{who}_upload", TUS | TUS_UPLOAD),
}


_CREATED = _headers("Location", "Upload-Offset", "Upload-Expires", "Tus-Resumable")
_ACTIONS: dict[str, tuple[str, list[dict[str, Any]], dict[str, Any]]] = {
    "discover": (
        f"The server's tus capabilities: Tus-Version {TUS_VERSION}, Tus-Extension "
        f"{EXTENSIONS}, Tus-Max-Size and Tus-Checksum-Algorithm.",
        [],
        {
            "responses": {
                "204": {
                    "description": "capabilities",
                    "headers": _headers(
                        "Tus-Version", "Tus-Extension", "Tus-Max-Size", "Tus-Checksum-Algorithm"
                    ),
                }
            }
        },
    ),
    "create": (
        "Creates an upload (creation), with its first chunk when the body is "
        f"{OFFSET_CONTENT_TYPE} (creation-with-upload). {METADATA} The whole file's sha256, "
        "when declared, is checked when the last byte arrives; a mismatch stores nothing "
        "(460). Public contributors may start only so many uploads a minute (429).",
        [VERSION, LENGTH, META, CHECKSUM],
        {
            "requestBody": {"required": False, **CHUNK},
            "responses": {"201": {"description": "created", "headers": _CREATED}},
        },
    ),
    "offset": (
        "The upload's offset, length and expiry (uploads expire after 24 hours).",
        [VERSION],
        {
            "responses": {
                "200": {
                    "description": "state",
                    "headers": _headers("Upload-Offset", "Upload-Length", "Upload-Expires"),
                }
            }
        },
    ),
    "append": (
        f"Appends a chunk ({OFFSET_CONTENT_TYPE}) at Upload-Offset; the bytes are on disk "
        "before the offset moves.",
        [VERSION, OFFSET, CHECKSUM],
        {
            "requestBody": {"required": True, **CHUNK},
            "responses": {
                "204": {
                    "description": "appended",
                    "headers": _headers("Upload-Offset", "Upload-Expires"),
                }
            },
        },
    ),
    "terminate": ("Ends an unfinished upload and discards its bytes (termination).", [VERSION], {}),
}
