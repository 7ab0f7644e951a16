"""The human-readable receipt, rendered with jinja2 (autoescaped: names are user input)."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

_ENV = Environment(
    loader=PackageLoader("audit", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def render_receipt(**context: Any) -> bytes:
    return _ENV.get_template("receipt.html.j2").render(**context).encode("utf-8")
