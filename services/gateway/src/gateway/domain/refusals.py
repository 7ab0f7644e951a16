"""Which answers of the API are refusals to audit, and what their record says (decision 0018).

A refusal is a 403 or 404 answered to a signed-in caller on an operation whose path names an
object: someone tried an object they may not reach (or one that does not exist, which the
API answers the same way). The record names the route's template, never the raw path, and the
object the path names last (the innermost: a version of a form, a job rather than its track).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

REFUSED = frozenset({403, 404})
# Path parameters that say which kind of thing, or a position inside an object: not objects.
NOT_OBJECTS = frozenset({"kind", "category", "track_id"})


@dataclass(frozen=True)
class Refusal:
    method: str
    path: str  # the route's template: /api/v1/cases/{case_id}
    status: int
    object_type: str
    object_id: str
    path_params: dict[str, str]


def refusal_of(
    method: str, template: str, path_params: Mapping[str, Any], status: int
) -> Refusal | None:
    """The refusal to record, or None when the answer is not one."""
    named = [name for name in path_params if name not in NOT_OBJECTS]
    if status not in REFUSED or not named:
        return None
    name = named[-1]
    params = {key: str(value) for key, value in path_params.items()}
    return Refusal(
        method=method,
        path=template,
        status=status,
        object_type=_object_type(name, params),
        object_id=params[name],
        path_params=params,
    )


# The object types other audit records use, where a path's names differ from them.
_TYPES = {"org": "organization", "cases": "case"}


def _object_type(name: str, params: Mapping[str, str]) -> str:
    if name == "object_id" and "kind" in params:  # /{kind}/{object_id}/grants
        name = params["kind"]
    name = name.removesuffix("_id")
    return _TYPES.get(name, name)
