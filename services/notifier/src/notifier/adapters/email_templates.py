"""Emails rendered from Jinja2 templates (templates/email): a text part and an HTML part,
the HTML autoescaped, every link a page of the web app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from notifier.domain.messages import DigestLine, Email, Letter, Recipient

PREFERENCES_PATH = "/account/notifications"


class EmailTemplates:
    def __init__(self, web_base_url: str) -> None:
        self._preferences = web_base_url.rstrip("/") + PREFERENCES_PATH
        self._env = Environment(
            loader=PackageLoader("notifier", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )

    def message(self, email: Email) -> Letter:
        return self._letter(
            "message",
            email.to,
            email.subject,
            greeting=email.greeting,
            text=email.text,
            paragraphs=[p for p in email.text.split("\n") if p.strip()],
            action=email.action,
            link=email.link,
            # Someone who is not a user yet (an invited guest) has no preferences to choose.
            preferences_link=self._preferences if email.recipient.user_id else "",
        )

    def digest(self, recipient: Recipient, lines: Sequence[DigestLine]) -> Letter:
        count = len(lines)
        subject = f"Your Custody digest: {count} notice{'s' if count != 1 else ''}"
        greeting = f"Hello {recipient.display_name or recipient.email},"
        return self._letter("digest", recipient.email, subject, greeting=greeting, entries=lines)

    def _letter(self, name: str, to: str, subject: str, **context: Any) -> Letter:
        context = {"subject": subject, "preferences_link": self._preferences} | context
        text = self._env.get_template(f"email/{name}.txt").render(context)
        html = self._env.get_template(f"email/{name}.html").render(context)
        return Letter(to, subject, text, html)
