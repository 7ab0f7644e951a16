"""Email over SMTP with aiosmtplib, to the server named by SMTP_URL (smtp:// or smtps://)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

import aiosmtplib

from notifier.domain.messages import Letter
from notifier.service_layer.ports import DeliveryRefused


class SmtpMailer:
    def __init__(self, url: str, *, sender: str, timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"SMTP_URL must be smtp:// or smtps://, not {parts.scheme!r}")
        self._tls = parts.scheme == "smtps"
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or (465 if self._tls else 25)
        self._username = unquote(parts.username) if parts.username else None
        self._password = unquote(parts.password) if parts.password else None
        self._sender = sender
        self._timeout = timeout

    async def send(self, letter: Letter) -> None:
        try:
            await aiosmtplib.send(
                self._message(letter),
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                use_tls=self._tls,
                timeout=self._timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            if all(refusal.code >= 500 for refusal in exc.recipients):
                first = exc.recipients[0]
                raise DeliveryRefused(f"{first.code} {first.message}") from exc
            raise  # 4xx: greylisting, a full mailbox... worth retrying

    def _message(self, letter: Letter) -> EmailMessage:
        """multipart/alternative: the text part first, so the HTML part is preferred."""
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = letter.to
        message["Subject"] = letter.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="custody")
        message.set_content(letter.text)
        message.add_alternative(letter.html, subtype="html")
        return message
