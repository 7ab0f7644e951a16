"""The only place that wires the notifier: Identity client, SMTP mailer, the mail consumer,
the in-app notifications' consumer and the Notifications gRPC servicer."""

from __future__ import annotations

from custody_contracts import topics
from custody_contracts.grpc import notifications_pb2_grpc
from custody_platform.grpc import GrpcClient
from custody_platform.runtime import ServiceParts, ServiceRuntime

from notifier.adapters.clients import SERVICE_PRINCIPAL, IdentityDirectory
from notifier.adapters.mailer import SmtpMailer
from notifier.config import Settings
from notifier.entrypoints.grpc_api import NotificationsServicer
from notifier.entrypoints.handlers import build_handlers, build_inbox_handlers
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
    notifier = build_notifier(settings, clients)
    watched = [topics.REQUESTS, topics.EVIDENCE, topics.DEVICE_GATEWAY]
    mailer = runtime.consumer("mailer", build_handlers(notifier))
    # Apart from the mailer: a mail server that is down must not hold up the tray.
    trays = runtime.consumer("inbox", build_inbox_handlers(notifier))
    servicer = NotificationsServicer(runtime.uow)
    return ServiceParts(
        consumers=[(mailer, watched), (trays, watched)],
        grpc_servicers=[(notifications_pb2_grpc.add_NotificationsServicer_to_server, servicer)],
        on_stop=[clients.close],
    )
