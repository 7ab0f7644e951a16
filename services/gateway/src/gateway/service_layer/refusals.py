"""Refused calls leave an audit record, through the gateway's outbox like every other record
it writes (decision 0018)."""

from __future__ import annotations

from custody_contracts.principal import Principal
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.domain.refusals import Refusal

ACTION = "access.refused"


def record_refusal(
    uow: UnitOfWork,
    principal: Principal,
    refusal: Refusal,
    *,
    source_address: str | None,
    request_id: str | None,
) -> None:
    """Filed under the caller's organization: the object's owner is what a refusal does not
    tell, so its organization is not named."""
    uow.audit(
        Actor.of(principal, source_address),
        ACTION,
        object_type=refusal.object_type,
        object_id=refusal.object_id,
        org_ids=(principal.org_id,),
        method=refusal.method,
        path=refusal.path,
        path_params=refusal.path_params,
        status=refusal.status,
        request_id=request_id,
    )
