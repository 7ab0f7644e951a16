"""The Requests gRPC servicer: parse the message, call one use case, map the view."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from custody_contracts.grpc import requests_pb2, requests_pb2_grpc
from custody_contracts.principal import Principal
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid
from custody_platform.unit_of_work import UnitOfWork

from video_requests.domain.commands import DecideLineItem
from video_requests.entrypoints import mappers
from video_requests.service_layer import (
    conversation,
    decisions,
    queries,
    requester,
    submit,
)
from video_requests.service_layer.clock import SlaClock
from video_requests.service_layer.ports import FormChecker, PolicyDirectory, RequestView

VideoRequest: TypeAlias = requests_pb2.VideoRequest
Decide: TypeAlias = requests_pb2.DecideLineItemRequest
Decision: TypeAlias = Callable[[UnitOfWork, Principal, DecideLineItem], Awaitable[RequestView]]


@dataclass(frozen=True)
class Dependencies:
    uow: Callable[[], UnitOfWork]
    policies: PolicyDirectory
    forms: FormChecker
    clock: SlaClock


class RequestsServicer(requests_pb2_grpc.RequestsServicer):
    """Each method owns its unit of work: it opens it, hands it to one use case, and commits
    when the use case changes state. Rows stay readable after the block (no expiry on commit;
    queries detach what they read), so views map after it."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps
        self._uow = deps.uow

    async def SubmitRequest(
        self, request: requests_pb2.SubmitRequestRequest, context: Any
    ) -> VideoRequest:
        d, command, principal = self._deps, mappers.submit_command(request), current_principal()
        async with self._uow() as uow:  # a retry: its own short read, before the registry call
            view = await submit.replayed(uow, principal, command)
        if view is None:
            async with self._uow() as uow:
                view = await submit.submit_request(
                    uow, d.policies, d.forms, principal, command, d.clock
                )
                await uow.commit()
        return mappers.request_message(view)

    async def GetRequest(
        self, request: requests_pb2.GetRequestRequest, context: Any
    ) -> VideoRequest:
        request_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            view = await queries.get_request(uow, current_principal(), request_id)
        return mappers.request_message(view)

    async def ListRequests(
        self, request: requests_pb2.ListRequestsRequest, context: Any
    ) -> requests_pb2.ListRequestsResponse:
        wanted = mappers.request_filter(request)
        async with self._uow() as uow:
            views, total = await queries.list_requests(uow, current_principal(), wanted)
        messages = [mappers.request_message(v) for v in views]
        return requests_pb2.ListRequestsResponse(requests=messages, total=total)

    async def ListReviewQueue(
        self, request: requests_pb2.ListReviewQueueRequest, context: Any
    ) -> requests_pb2.ListReviewQueueResponse:
        async with self._uow() as uow:
            waiting, total = await queries.review_queue(
                uow, current_principal(), request.limit, request.offset
            )
        items = [
            requests_pb2.QueuedLineItem(request=mappers.request_message(view), line_item_id=str(i))
            for view, i in waiting
        ]
        return requests_pb2.ListReviewQueueResponse(items=items, total=total)

    async def CountRequests(
        self, request: requests_pb2.ListRequestsRequest, context: Any
    ) -> requests_pb2.CountRequestsResponse:
        wanted = mappers.request_filter(request)
        async with self._uow() as uow:
            counts = await queries.count_requests(uow, current_principal(), wanted)
        return requests_pb2.CountRequestsResponse(by_status=counts, total=sum(counts.values()))

    async def ApproveLineItem(self, request: Decide, context: Any) -> VideoRequest:
        return await self._decide(decisions.approve_line_item, request)

    async def RejectLineItem(self, request: Decide, context: Any) -> VideoRequest:
        return await self._decide(decisions.reject_line_item, request)

    async def StartReview(self, request: Decide, context: Any) -> VideoRequest:
        return await self._decide(decisions.start_review, request)

    async def RequestMoreInfo(self, request: Decide, context: Any) -> VideoRequest:
        return await self._decide(decisions.request_more_info, request)

    async def CancelRequest(self, request: Decide, context: Any) -> VideoRequest:
        command = mappers.cancel_command(request)
        async with self._uow() as uow:
            view = await requester.cancel(uow, current_principal(), command)
            await uow.commit()
        return mappers.request_message(view)

    async def PostMessage(
        self, request: requests_pb2.PostMessageRequest, context: Any
    ) -> requests_pb2.Message:
        command = mappers.message_command(request)
        async with self._uow() as uow:
            message = await conversation.post_message(uow, current_principal(), command)
            await uow.commit()
        return mappers.message_message(message)

    async def ListMessages(
        self, request: requests_pb2.ListMessagesRequest, context: Any
    ) -> requests_pb2.ListMessagesResponse:
        request_id = parse_uuid(request.request_id, "request_id")
        async with self._uow() as uow:
            found = await conversation.list_messages(uow, current_principal(), request_id)
        return requests_pb2.ListMessagesResponse(
            messages=[mappers.message_message(m) for m in found]
        )

    async def _decide(self, decision: Decision, request: Decide) -> VideoRequest:
        """The four decisions on a line item share their message and their transaction."""
        command = mappers.decide_command(request)
        async with self._uow() as uow:
            view = await decision(uow, current_principal(), command)
            await uow.commit()
        return mappers.request_message(view)
