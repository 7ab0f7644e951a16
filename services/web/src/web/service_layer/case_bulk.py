"""What the case grid's bulk form asks of the gateway."""

from __future__ import annotations

import uuid

from web.domain.case_bulk import BulkForm
from web.domain.views import ApiModel
from web.service_layer.api import Api


class RetentionPolicy(ApiModel):
    category: str
    days: int


class RetentionPolicies(ApiModel):
    items: list[RetentionPolicy]


async def categories(api: Api) -> list[str]:
    """The organization's retention categories, for the grid's "Set retention category"."""
    found: RetentionPolicies = await api.get(RetentionPolicies, "/retention-policies")
    return sorted(policy.category for policy in found.items)


async def apply(api: Api, case_id: uuid.UUID, form: BulkForm) -> int:
    """All or nothing: the number of items changed, or ApiProblem."""
    answer = await api.send("POST", f"/cases/{case_id}/evidence/bulk", form.body())
    return int(answer.get("count", 0)) if isinstance(answer, dict) else 0
