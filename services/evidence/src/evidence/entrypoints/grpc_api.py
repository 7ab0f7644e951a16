"""The Evidence gRPC servicer, composed of one group of RPCs per area. Each RPC parses its
request, calls one service-layer function in a unit of work it owns, and maps the result."""

from __future__ import annotations

from evidence.entrypoints.grpc_bulk import BulkRpcs
from evidence.entrypoints.grpc_cases import CaseRpcs
from evidence.entrypoints.grpc_downloads import DownloadRpcs
from evidence.entrypoints.grpc_file_requests import FileRequestRpcs
from evidence.entrypoints.grpc_items import ItemRpcs
from evidence.entrypoints.grpc_redaction import RedactionRequestRpcs
from evidence.entrypoints.grpc_retention import RetentionRpcs
from evidence.entrypoints.grpc_sharing import SharingRpcs


class EvidenceServicer(
    CaseRpcs,
    ItemRpcs,
    BulkRpcs,
    DownloadRpcs,
    RetentionRpcs,
    SharingRpcs,
    FileRequestRpcs,
    RedactionRequestRpcs,
):
    """Every Evidence RPC; the groups share EvidenceRpcs.__init__(deps)."""
