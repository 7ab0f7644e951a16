"""Every RPC of every contract is implemented by its service.

The protoc-generated base classes answer UNIMPLEMENTED for any method a servicer forgets to
override; this catches a proto change that no service followed.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import custody_contracts.grpc as generated
import pytest

pytestmark = pytest.mark.unit

SERVICERS = {
    "AuditServicer": "audit.entrypoints.grpc_api",
    "DevicesServicer": "device_gateway.entrypoints.grpc_api",
    "EvidenceServicer": "evidence.entrypoints.grpc_api",
    "IdentityServicer": "gateway.entrypoints.grpc_api",
    "NotificationsServicer": "notifier.entrypoints.grpc_api",
    "RedactionServicer": "redaction.entrypoints.grpc_api",
    "RegistryServicer": "registry.entrypoints.grpc_api",
    "RequestsServicer": "video_requests.entrypoints.grpc_api",
    "WebhooksServicer": "notifier.entrypoints.webhooks_grpc",
}


def _generated_bases() -> dict[str, type]:
    bases: dict[str, type] = {}
    for module_info in pkgutil.iter_modules(generated.__path__):
        if module_info.name.endswith("_pb2_grpc"):
            module = importlib.import_module(f"{generated.__name__}.{module_info.name}")
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if name.endswith("Servicer") and cls.__module__ == module.__name__:
                    bases[name] = cls
    return bases


def test_every_contract_has_a_service() -> None:
    assert set(_generated_bases()) == set(SERVICERS)


@pytest.mark.parametrize("base_name", sorted(SERVICERS))
def test_the_service_implements_every_rpc(base_name: str) -> None:
    base = _generated_bases()[base_name]
    module = importlib.import_module(SERVICERS[base_name])
    implementations = [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, base) and cls is not base and not cls.__subclasses__()
    ]
    assert implementations, f"{SERVICERS[base_name]} has no {base_name}"
    rpcs = [name for name, member in vars(base).items() if callable(member) and name[0].isupper()]
    for implementation in implementations:
        missing = [rpc for rpc in rpcs if getattr(implementation, rpc) is getattr(base, rpc)]
        assert not missing, f"{implementation.__qualname__} leaves {missing} unimplemented"
