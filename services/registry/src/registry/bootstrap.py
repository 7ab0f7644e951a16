"""The only place that wires the registry's dependencies."""

from __future__ import annotations

from custody_contracts.grpc import registry_pb2_grpc
from custody_platform.grpc import GrpcClient
from custody_platform.objectstore import object_store_from_settings
from custody_platform.runtime import ServiceParts, ServiceRuntime

from registry.adapters.clients import DevicesClient, IdentityClient
from registry.entrypoints.grpc_api import Dependencies, RegistryServicer


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    grpc_client = GrpcClient()
    servicer = RegistryServicer(
        Dependencies(
            uow=runtime.uow,
            store=object_store_from_settings(settings),
            members=IdentityClient(grpc_client, settings.gateway_grpc_addr),
            devices=DevicesClient(grpc_client, settings.device_gateway_grpc_addr),
        )
    )
    add_servicer = registry_pb2_grpc.add_RegistryServicer_to_server
    return ServiceParts(grpc_servicers=[(add_servicer, servicer)], on_stop=[grpc_client.close])
