"""The only place that wires the notifier: Identity client, SMTP mailer, the mail consumer."""

from __future__ import annotations

from custody_contracts import topics
from custody_platform.grpc import GrpcClient
from custody_platform.runtime import ServiceParts, ServiceRuntime

from notifier.adapters.clients import SERVICE_PRINCIPAL, IdentityDirectory
from notifier.adapters.mailer import SmtpMailer
from notifier.config import Settings
from notifier.entrypoints.handlers import build_handlers
from notifier.service_layer.notify import Notifier


def build_notifier(settings: Settings, clients: GrpcClient) -> Notifier:
    return Notifier(
        directory=IdentityDirectory(clients, settings.gateway_grpc_addr),
        mailer=SmtpMailer(
            settings.smtp_url, sender=settings.mail_from, timeout=settings.smtp_timeout_seconds
        ),
        public_base_url=settings.public_base_url,
    )


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    assert isinstance(settings, Settings), "notifier runs with notifier.config.Settings"
    clients = GrpcClient(principal=SERVICE_PRINCIPAL)
    consumer = runtime.consumer("mailer", build_handlers(build_notifier(settings, clients)))
    return ServiceParts(
        consumers=[(consumer, [topics.REQUESTS, topics.EVIDENCE])],
        on_stop=[clients.close],
    )
