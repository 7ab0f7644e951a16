"""What the service layer needs from the outside, and what it hands back to entry points."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from custody_contracts.principal import Principal

from video_requests.adapters.orm import FormSubmission, LineItem, VideoRequest
from video_requests.domain.policies import CameraPolicy


class PolicyDirectory(Protocol):
    async def policies(
        self, camera_ids: Sequence[uuid.UUID], principal: Principal
    ) -> dict[uuid.UUID, CameraPolicy]:
        """Each camera's owner policy as ``principal`` may see it; NotFound if any is hidden."""
        ...


@dataclass(frozen=True)
class CheckedForm:
    form_version_id: uuid.UUID | None  # None: the owner has no form
    answers_json: str


class FormChecker(Protocol):
    async def check(
        self, owner_org_id: uuid.UUID, answers_json: str, principal: Principal
    ) -> CheckedForm:
        """Validates against the owner's form in force; InvalidArgument names every bad field."""
        ...


@dataclass(frozen=True)
class RequestView:
    """A request with the line items (and form answers) the caller may see."""

    request: VideoRequest
    items: list[LineItem]
    forms: list[FormSubmission] = field(default_factory=list)
