"""The only place that wires the notifier: Identity client, SMTP mailer, the mail consumer,
the in-app notifications' consumer, the webhooks' consumer and delivery worker, and the
Notifications and Webhooks gRPC servicers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import httpx
from custody_contracts import topics
from custody_contracts.grpc import notifications_pb2_grpc, webhooks_pb2_grpc
from custody_platform.addresses import Reach, checked
from custody_platform.grpc import GrpcClient
from custody_platform.runtime import ServiceParts, ServiceRuntime

from notifier.adapters.clients import SERVICE_PRINCIPAL, IdentityDirectory
from notifier.adapters.email_templates import EmailTemplates
from notifier.adapters.mailer import SmtpMailer
from notifier.adapters.webhook_sender import WebhookSender
from notifier.config import Settings
from notifier.domain.webhooks import RetryPolicy
from notifier.entrypoints.digest_worker import digest_worker
from notifier.entrypoints.grpc_api import NotificationsServicer
from notifier.entrypoints.handlers import (
    build_handlers,
    build_inbox_handlers,
    build_webhook_handlers,
)
from notifier.entrypoints.webhook_worker import webhook_worker
from notifier.entrypoints.webhooks_grpc import WebhooksServicer
from notifier.service_layer.notify import Notifier
from notifier.service_layer.ports import Post
from notifier.service_layer.webhook_sending import Schedule

# What the mail and the tray read, and the topics with events webhooks carry. Only the mail
# reads the gateway's: a guest invitation's link is a credential (decision 0047).
WATCHED = [topics.REQUESTS, topics.EVIDENCE, topics.DEVICE_GATEWAY, topics.REDACTION, topics.AUDIT]
MAILED = [*WATCHED, topics.GATEWAY]
HOOKED = [topics.REQUESTS, topics.EVIDENCE, topics.REDACTION, topics.AUDIT]


def build_notifier(settings: Settings, clients: GrpcClient) -> Notifier:
    return Notifier(
        directory=IdentityDirectory(clients, settings.gateway_grpc_addr),
        post=Post(
            SmtpMailer(
                settings.smtp_url, sender=settings.mail_from, timeout=settings.smtp_timeout_seconds
            ),
            EmailTemplates(settings.public_base_url),
        ),
        public_base_url=settings.public_base_url,
    )


def webhook_schedule(settings: Settings) -> Schedule:
    retry = RetryPolicy(
        base=settings.webhook_retry_base_seconds,
        cap=settings.webhook_retry_max_seconds,
        max_attempts=settings.webhook_max_attempts,
    )
    lease = timedelta(seconds=2 * settings.webhook_timeout_seconds + 30)
    return Schedule(retry, lease, timedelta(seconds=settings.webhook_disable_after_seconds))


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    assert isinstance(settings, Settings), "notifier runs with notifier.config.Settings"
    clients = GrpcClient(principal=SERVICE_PRINCIPAL)
    notifier = build_notifier(settings, clients)
    mailer = runtime.consumer("mailer", build_handlers(notifier))
    # Apart from the mailer: a mail server that is down must not hold up the tray.
    trays = runtime.consumer("inbox", build_inbox_handlers(notifier))
    hooks = runtime.consumer("webhooks", build_webhook_handlers())
    reach = Reach(settings.webhook_allow_http, settings.webhook_allow_loopback)
    # No proxies from the environment: the sender connects to the address it checked.
    http = httpx.AsyncClient(timeout=settings.webhook_timeout_seconds, trust_env=False)
    worker = webhook_worker(
        runtime.uow,
        WebhookSender(http, reach),
        notifier.directory,
        webhook_schedule(settings),
        settings.webhook_poll_seconds,
    )
    digests = digest_worker(
        runtime.uow,
        notifier.post,
        partial(datetime.now, UTC),
        settings.digest_hour_utc,
        settings.digest_poll_seconds,
    )
    webhooks = WebhooksServicer(runtime.uow, partial(checked, reach=reach))
    return ServiceParts(
        consumers=[(mailer, MAILED), (trays, WATCHED), (hooks, HOOKED)],
        grpc_servicers=[
            (
                notifications_pb2_grpc.add_NotificationsServicer_to_server,
                NotificationsServicer(runtime.uow),
            ),
            (webhooks_pb2_grpc.add_WebhooksServicer_to_server, webhooks),
        ],
        workers=[worker, digests],
        on_stop=[clients.close, http.aclose],
    )
