"""The Requests gRPC servicer: parse the message, call one use case, map the view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from custody_contracts.grpc import requests_pb2, requests_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.unit_of_work import UnitOfWork

from video_requests.entrypoints import mapping
from video_requests.service_layer import (
    conversation,
    decisions,
    queries,
    requester,
    submit,
)
from video_requests.service_layer.clock import SlaClock
from video_requests.service_layer.ports import FormChecker, PolicyDirectory

VideoRequest: TypeAlias = requests_pb2.VideoRequest
Decide: TypeAlias = requests_pb2.DecideLineItemRequest


@dataclass(frozen=True)
class Dependencies:
    uow: Callable[[], UnitOfWork]
    policies: PolicyDirectory
    forms: FormChecker
    clock: SlaClock


class RequestsServicer(requests_pb2_grpc.RequestsServicer):
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps
        self._uow = deps.uow

    async def SubmitRequest(
        self, request: requests_pb2.SubmitRequestRequest, context: Any
    ) -> VideoRequest:
        d = self._deps
        command = mapping.submit_command(request)
        view = await submit.submit_request(
            d.uow(), d.policies, d.forms, current_principal(), command, d.clock
        )
        return mapping.request_message(view)

    async def GetRequest(
        self, request: requests_pb2.GetRequestRequest, context: Any
    ) -> VideoRequest:
        request_id = mapping.parse_uuid(request.id, "id")
        view = await queries.get_request(self._uow(), current_principal(), request_id)
        return mapping.request_message(view)

    async def ListRequests(
        self, request: requests_pb2.ListRequestsRequest, context: Any
    ) -> requests_pb2.ListRequestsResponse:
        wanted = mapping.request_filter(request)
        views, total = await queries.list_requests(self._uow(), current_principal(), wanted)
        messages = [mapping.request_message(v) for v in views]
        return requests_pb2.ListRequestsResponse(requests=messages, total=total)

    async def CountRequests(
        self, request: requests_pb2.ListRequestsRequest, context: Any
    ) -> requests_pb2.CountRequestsResponse:
        wanted = mapping.request_filter(request)
        counts = await queries.count_requests(self._uow(), current_principal(), wanted)
        return requests_pb2.CountRequestsResponse(by_status=counts, total=sum(counts.values()))

    async def ApproveLineItem(self, request: Decide, context: Any) -> VideoRequest:
        command = mapping.decide_command(request)
        view = await decisions.approve_line_item(self._uow(), current_principal(), command)
        return mapping.request_message(view)

    async def RejectLineItem(self, request: Decide, context: Any) -> VideoRequest:
        command = mapping.decide_command(request)
        view = await decisions.reject_line_item(self._uow(), current_principal(), command)
        return mapping.request_message(view)

    async def StartReview(self, request: Decide, context: Any) -> VideoRequest:
        command = mapping.decide_command(request)
        view = await decisions.start_review(self._uow(), current_principal(), command)
        return mapping.request_message(view)

    async def RequestMoreInfo(self, request: Decide, context: Any) -> VideoRequest:
        command = mapping.decide_command(request)
        view = await decisions.request_more_info(self._uow(), current_principal(), command)
        return mapping.request_message(view)

    async def CancelRequest(self, request: Decide, context: Any) -> VideoRequest:
        command = mapping.cancel_command(request)
        view = await requester.cancel(self._uow(), current_principal(), command)
        return mapping.request_message(view)

    async def PostMessage(
        self, request: requests_pb2.PostMessageRequest, context: Any
    ) -> requests_pb2.Message:
        command = mapping.message_command(request)
        message = await conversation.post_message(self._uow(), current_principal(), command)
        return mapping.message_message(message)

    async def ListMessages(
        self, request: requests_pb2.ListMessagesRequest, context: Any
    ) -> requests_pb2.ListMessagesResponse:
        request_id = mapping.parse_uuid(request.request_id, "request_id")
        found = await conversation.list_messages(self._uow(), current_principal(), request_id)
        return requests_pb2.ListMessagesResponse(
            messages=[mapping.message_message(m) for m in found]
        )
