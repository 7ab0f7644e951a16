"""The only place that wires the registry's dependencies."""

from __future__ import annotations

from custody_contracts.grpc import registry_pb2_grpc
from custody_platform.objectstore import object_store_from_settings
from custody_platform.runtime import ServiceParts, ServiceRuntime

from registry.entrypoints.grpc_api import RegistryServicer


def build(runtime: ServiceRuntime) -> ServiceParts:
    servicer = RegistryServicer(runtime.uow, object_store_from_settings(runtime.settings))
    add_servicer = registry_pb2_grpc.add_RegistryServicer_to_server
    return ServiceParts(grpc_servicers=[(add_servicer, servicer)])
