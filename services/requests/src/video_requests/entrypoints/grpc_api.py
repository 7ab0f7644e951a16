"""The Requests gRPC servicer: parse the message, call one use case, map the view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from custody_contracts.grpc import requests_pb2, requests_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.unit_of_work import UnitOfWork

from video_requests.domain.requests import Policy
from video_requests.entrypoints.mapping import (
    decide_command,
    parse_uuid,
    request_message,
    submit_command,
)
from video_requests.service_layer import decisions, queries, submit
from video_requests.service_layer.ports import CameraDirectory

VideoRequest: TypeAlias = requests_pb2.VideoRequest


class RequestsServicer(requests_pb2_grpc.RequestsServicer):
    def __init__(
        self, uow_factory: Callable[[], UnitOfWork], cameras: CameraDirectory, policy: Policy
    ) -> None:
        self._uow = uow_factory
        self._cameras = cameras
        self._policy = policy

    async def SubmitRequest(
        self, request: requests_pb2.SubmitRequestRequest, context: Any
    ) -> VideoRequest:
        command = submit_command(request)
        view = await submit.submit_request(
            self._uow(), self._cameras, current_principal(), command, self._policy
        )
        return request_message(view)

    async def GetRequest(
        self, request: requests_pb2.GetRequestRequest, context: Any
    ) -> VideoRequest:
        request_id = parse_uuid(request.id, "id")
        view = await queries.get_request(self._uow(), current_principal(), request_id)
        return request_message(view)

    async def ListRequests(
        self, request: requests_pb2.ListRequestsRequest, context: Any
    ) -> requests_pb2.ListRequestsResponse:
        views = await queries.list_requests(self._uow(), current_principal(), request.status)
        return requests_pb2.ListRequestsResponse(requests=[request_message(v) for v in views])

    async def ApproveLineItem(
        self, request: requests_pb2.DecideLineItemRequest, context: Any
    ) -> VideoRequest:
        command = decide_command(request)
        view = await decisions.approve_line_item(self._uow(), current_principal(), command)
        return request_message(view)

    async def RejectLineItem(
        self, request: requests_pb2.DecideLineItemRequest, context: Any
    ) -> VideoRequest:
        command = decide_command(request)
        view = await decisions.reject_line_item(self._uow(), current_principal(), command)
        return request_message(view)
