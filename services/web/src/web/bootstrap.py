"""The one place that wires the web app. It has no database, broker or gRPC server, so it
does not use run_service: logging, tracing and the HTTP app only (health and metrics included)."""

from __future__ import annotations

import uvicorn
from custody_platform.logging import configure_logging, get_logger
from custody_platform.tracing import configure_tracing, trace_http

from web.config import Settings
from web.entrypoints.http_app import create_app


def serve(settings: Settings) -> None:
    configure_logging(settings.service_name, fmt=settings.log_format)
    configure_tracing(settings.service_name)  # before create_app builds the gateway client
    app = create_app(settings)
    trace_http(app)
    get_logger().info("service started", http_port=settings.http_port)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        http="httptools",
        loop="asyncio",
        # Behind the front door: https for Secure cookies, and the browser's address.
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
    )
