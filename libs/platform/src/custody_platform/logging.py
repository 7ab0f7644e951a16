"""structlog configured once: JSON lines with service, request id, event id and trace id on
every line."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

from custody_platform.tracing import current_trace_id

_service: dict[str, str] = {}


def _add_service(_: Any, __: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    event_dict.setdefault("service", _service.get("name", "custody"))
    event_dict.setdefault("request_id", None)
    event_dict.setdefault("event_id", None)
    event_dict.setdefault("trace_id", current_trace_id())
    return event_dict


def configure_logging(service: str, *, fmt: str = "json", level: int = logging.INFO) -> None:
    _service["name"] = service
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_service,
    ]
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=True,
    )
    # Route stdlib logging (uvicorn, aiokafka, alembic) through the same JSON renderer.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("uvicorn.access").disabled = True


def bind(**values: Any) -> None:
    structlog.contextvars.bind_contextvars(**values)


get_logger = structlog.get_logger
