"""Submitting a video request: one line item per camera, each following its owner's policy
(auto-approval for partners, export before approval, SLA due date, form answers)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument
from custody_platform.unit_of_work import Actor, UnitOfWork

from video_requests.adapters.orm import FormSubmission, LineItem, VideoRequest
from video_requests.adapters.repository import RequestRepository
from video_requests.domain import lifecycle
from video_requests.domain.access import check_guest_cameras, check_submitter
from video_requests.domain.commands import LineItemInput, SubmitRequest
from video_requests.domain.line_items import EXPORTING, SUBMITTED, UNDER_REVIEW
from video_requests.domain.policies import CameraPolicy
from video_requests.domain.requests import check_submission, rollup
from video_requests.service_layer import events, queries
from video_requests.service_layer.audit import SELF, item_changed
from video_requests.service_layer.clock import SlaClock
from video_requests.service_layer.ports import (
    CheckedForm,
    FormChecker,
    PolicyDirectory,
    RequestView,
)

AUTO_APPROVER = uuid.UUID(int=0)  # RequestApproved's approver when a partner policy approved


MAX_IDEMPOTENCY_KEY = 255


async def replayed(
    uow: UnitOfWork, principal: Principal, command: SubmitRequest
) -> RequestView | None:
    """The request this caller already made with the command's Idempotency-Key, if any; a key
    used before for a different request is refused (422), as the IETF draft asks."""
    key = command.idempotency_key
    if not key:
        return None
    if len(key) > MAX_IDEMPOTENCY_KEY or not key.isascii() or not key.isprintable():
        raise InvalidArgument(
            f"Idempotency-Key: 1 to {MAX_IDEMPOTENCY_KEY} printable ASCII characters"
        )
    first = await RequestRepository(uow.session).by_idempotency_key(principal.user_id, key)
    if first is None:
        return None
    if first.idempotency_sha256 != command.fingerprint:
        raise InvalidArgument("this Idempotency-Key was used for a different request")
    return await queries.get_request(uow, principal, first.id)


async def submit_request(
    uow: UnitOfWork,
    directory: PolicyDirectory,
    forms: FormChecker,
    principal: Principal,
    command: SubmitRequest,
    clock: SlaClock,
) -> RequestView:
    """Everything is checked (windows, cameras, forms) before anything is stored.

    The registry is asked before the session first touches the database, so the open unit
    of work holds no connection while waiting on it.
    """
    check_submitter(principal)
    camera_ids = list(dict.fromkeys(item.camera_id for item in command.line_items))
    policies = await directory.policies(camera_ids, principal) if camera_ids else {}
    now = datetime.now(UTC)
    check_submission(command, now, policies)
    check_guest_cameras(principal, [p.owner_org_id for p in policies.values()])
    for policy in policies.values():
        policy.exportable_device()
    request, items = _build(principal, command, policies, now, clock)
    submissions = await _forms(forms, principal, command, request.id, items)
    await RequestRepository(uow.session).add(request, items, submissions)
    uow.emit(events.submitted(request, items))
    _announce(uow, principal, request, items)
    return RequestView(request, items, submissions)


async def _forms(
    forms: FormChecker,
    principal: Principal,
    command: SubmitRequest,
    request_id: uuid.UUID,
    items: list[LineItem],
) -> list[FormSubmission]:
    """Each owner's answers, checked against the form version in force and pinned to it."""
    owners = list(dict.fromkeys(item.owner_org_id for item in items))
    if strangers := set(command.form_answers) - set(owners):
        raise InvalidArgument(
            f"form answers for organizations not asked: {sorted(map(str, strangers))}"
        )
    submissions = []
    for owner in owners:
        checked = await _checked(forms, owner, command.form_answers.get(owner, "{}"), principal)
        if checked.form_version_id is not None:
            submissions.append(
                FormSubmission(
                    request_id=request_id,
                    owner_org_id=owner,
                    form_version_id=checked.form_version_id,
                    answers_json=checked.answers_json,
                )
            )
    return submissions


async def _checked(
    forms: FormChecker, owner: uuid.UUID, answers_json: str, principal: Principal
) -> CheckedForm:
    """The registry names the bad fields of one form; each problem is prefixed with the owner
    (`form_answers[<owner>].<field>: ...`), since two owners' forms may share a field key."""
    try:
        return await forms.check(owner, answers_json, principal)
    except InvalidArgument as bad:
        parts = bad.message.split("; ")
        raise InvalidArgument("; ".join(f"form_answers[{owner}].{p}" for p in parts)) from bad


def _build(
    principal: Principal,
    command: SubmitRequest,
    policies: dict[uuid.UUID, CameraPolicy],
    now: datetime,
    clock: SlaClock,
) -> tuple[VideoRequest, list[LineItem]]:
    request = _new_request(principal, command, now)
    items = [
        _new_item(request, position, wanted, policies[wanted.camera_id], now, clock)
        for position, wanted in enumerate(command.line_items)
    ]
    request.status = rollup(item.status for item in items)
    return request, items


def _new_request(principal: Principal, command: SubmitRequest, now: datetime) -> VideoRequest:
    return VideoRequest(
        id=uuid.uuid4(),
        requester_org_id=principal.org_id,
        requester_user_id=principal.user_id,
        incident_number=command.incident_number.strip(),
        description=command.description,
        status=SUBMITTED,
        created_at=now,
        incident_type=command.incident_type.strip(),
        incident_latitude=command.latitude,
        incident_longitude=command.longitude,
        incident_at=command.occurred_at,
        idempotency_key=command.idempotency_key or None,
        idempotency_sha256=command.fingerprint or None,
    )


def _new_item(
    request: VideoRequest,
    position: int,
    wanted: LineItemInput,
    policy: CameraPolicy,
    now: datetime,
    clock: SlaClock,
) -> LineItem:
    """One camera's line item, already moved as its owner's policy says."""
    item = LineItem(
        id=uuid.uuid4(),
        request_id=request.id,
        position=position,
        camera_id=policy.camera_id,
        owner_org_id=policy.owner_org_id,
        device_id=policy.exportable_device(),
        channel=policy.channel,
        vms_camera_ref=policy.vms_camera_ref,
        camera_name=policy.camera_name,
        camera_latitude=policy.camera_latitude,
        camera_longitude=policy.camera_longitude,
        start=wanted.start,
        end=wanted.end,
        status=SUBMITTED,
        updated_at=now,
        warning=policy.retention_warning(wanted.start, now),
        approver_user_ids=list(policy.approver_user_ids),
        due_at=clock.due_at(now, policy.sla),
    )
    item.remind_at = clock.remind_at(now, item.due_at)
    _apply_policy(item, policy, request.requester_org_id)
    return item


def _apply_policy(item: LineItem, policy: CameraPolicy, requester_org_id: uuid.UUID) -> None:
    if policy.auto_approves(requester_org_id):
        lifecycle.approve(item, "view", uuid.uuid4())  # least privilege: view only
        item.due_at = item.remind_at = None
    elif policy.preserves_for(requester_org_id):
        lifecycle.start_review(item)
        item.preserve_export_id = uuid.uuid4()


def _announce(
    uow: UnitOfWork, principal: Principal, request: VideoRequest, items: list[LineItem]
) -> None:
    """The audit record of the submission, and what each owner's policy did at once."""
    owners = tuple(dict.fromkeys(item.owner_org_id for item in items))
    uow.audit(
        Actor.of(principal),
        "request.submitted",
        object_type="video_request",
        object_id=request.id,
        org_ids=(request.requester_org_id, *owners),
        incident_number=request.incident_number,
        line_items=len(items),
    )
    for item in items:
        _announce_policy_move(uow, request, item)


def _announce_policy_move(uow: UnitOfWork, request: VideoRequest, item: LineItem) -> None:
    """The follow-up events of an auto-approved or preserved item, with its audit record."""
    if item.status == EXPORTING:
        uow.emit(events.approved(request, item, AUTO_APPROVER))
        uow.emit(events.export_requested(request, item))
        item_changed(
            uow,
            SELF,
            "line_item.auto_approved",
            request,
            item,
            permission=item.permission,
            export_id=item.export_id,
        )
    elif item.status == UNDER_REVIEW:
        uow.emit(events.preservation_requested(request, item))
        uow.emit(events.status_changed(request, item, SUBMITTED))
        item_changed(
            uow,
            SELF,
            "line_item.preservation_requested",
            request,
            item,
            export_id=item.preserve_export_id,
        )
