"""Case RPCs: list, read, create, change, and move through the case's states."""

from __future__ import annotations

from typing import Any

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import optional_uuid, parse_uuid, read_time

from evidence.adapters.case_search import CaseFilters
from evidence.entrypoints.deps import Context, EvidenceRpcs
from evidence.entrypoints.mappers import case_input, case_message, item_message
from evidence.service_layer import case_commands, cases, retention


class CaseRpcs(EvidenceRpcs):
    async def ListCases(self, request: Any, context: Context) -> evidence_pb2.ListCasesResponse:
        principal = current_principal()
        async with self._uow() as uow:
            if request.shared:
                shared = await cases.list_shared_cases(uow, principal)
                messages = [case_message(s.case, s.access) for s in shared]
                return evidence_pb2.ListCasesResponse(cases=messages, total=len(messages))
            filters = CaseFilters(
                request.query,
                request.status,
                request.tag,
                request.department,
                optional_uuid(request.assignee, "assignee"),
                read_time(request, "created_from"),
                read_time(request, "created_to"),
            )
            page = await cases.page_cases(uow, principal, filters, request.limit, request.cursor)
            return evidence_pb2.ListCasesResponse(
                cases=[case_message(c) for c in page.cases],
                next_cursor=page.next_cursor,
                total=page.total,
            )

    async def GetCase(self, request: Any, context: Context) -> evidence_pb2.Case:
        case_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            found = await cases.get_case_access(uow, current_principal(), case_id)
            return case_message(found.case, found.access)

    async def CreateCase(self, request: Any, context: Context) -> evidence_pb2.Case:
        fields = case_input(request.fields)
        async with self._uow() as uow:
            case = await case_commands.create_case(
                uow, current_principal(), request.number, fields, self._deps.directory
            )
            await uow.commit()
            return case_message(case)

    async def OpenIncidentCase(self, request: Any, context: Context) -> evidence_pb2.OpenedCase:
        fields = case_input(request.fields)
        async with self._uow() as uow:
            case, created = await case_commands.open_incident_case(
                uow, current_principal(), request.number, fields, self._deps.directory
            )
            await uow.commit()
            return evidence_pb2.OpenedCase(case=case_message(case), created=created)

    async def UpdateCase(self, request: Any, context: Context) -> evidence_pb2.Case:
        case_id, fields = parse_uuid(request.id, "id"), case_input(request.fields)
        async with self._uow() as uow:
            case = await case_commands.update_case(
                uow,
                current_principal(),
                case_id,
                fields,
                list(request.update_mask),
                self._deps.directory,
            )
            await uow.commit()
            return case_message(case)

    async def SetCaseStatus(self, request: Any, context: Context) -> evidence_pb2.Case:
        case_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            case = await case_commands.set_status(
                uow, current_principal(), case_id, request.status, request.reason
            )
            await uow.commit()
            message = case_message(case)
        if request.status == "closed":  # retention is known from now on: lock the originals
            async with self._uow() as uow:
                store, mode = self._deps.store, self._deps.lock_mode
                await retention.lock_closed_case(uow, store, case_id, mode)
                await uow.commit()
        return message

    async def ListCaseEvidence(
        self, request: Any, context: Context
    ) -> evidence_pb2.ListCaseEvidenceResponse:
        case_id = parse_uuid(request.case_id, "case_id")
        async with self._uow() as uow:
            page = await cases.page_case_evidence(
                uow,
                current_principal(),
                case_id,
                request.include_deleted,
                request.limit,
                request.cursor,
            )
            return evidence_pb2.ListCaseEvidenceResponse(
                items=[item_message(v) for v in page.items],
                next_cursor=page.next_cursor,
                previous_cursor=page.previous_cursor,
                total=page.total,
            )
