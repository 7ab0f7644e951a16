"""A real SMTP server on 127.0.0.1 that keeps every message it receives in a Maildir.

The embedded stack's mail backend: services send with any SMTP client to `SmtpSink.url`;
tests and operators read the messages back with `read_messages(directory)` or any mail
client that understands Maildir (each message is one .eml-style file under new/).
"""

from __future__ import annotations

import asyncio
import email.policy
import mailbox
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, cast

from aiosmtpd.controller import Controller


class _MaildirHandler:
    """Stores the raw bytes received, with the SMTP envelope in X-MailFrom/X-RcptTo headers."""

    def __init__(self, directory: Path) -> None:
        self._box = mailbox.Maildir(directory, create=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        rcpts = ", ".join(envelope.rcpt_tos)
        trace = f"X-MailFrom: {envelope.mail_from}\r\nX-RcptTo: {rcpts}\r\n".encode()
        self._box.add(trace + envelope.original_content)
        return "250 Message accepted for delivery"


class _Controller(Controller):
    """aiosmtpd's Controller, able to listen on port 0 (a free port chosen by the OS)."""

    def _trigger_server(self) -> None:
        server = cast(asyncio.Server, self.server)
        self.port = server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpSink:
    """An SMTP server in a background thread; messages land in `directory` (a Maildir)."""

    def __init__(self, directory: Path | str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.directory = Path(directory)
        self.host = host
        self._controller = _Controller(_MaildirHandler(self.directory), hostname=host, port=port)
        self._running = False

    @property
    def port(self) -> int:
        return int(self._controller.port)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> SmtpSink:
        self._controller.start()
        self._running = True
        return self

    def stop(self) -> None:
        if self._running:
            self._controller.stop()
            self._running = False

    def messages(self) -> list[EmailMessage]:
        return read_messages(self.directory)

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def read_messages(directory: Path | str) -> list[EmailMessage]:
    """Every message in the Maildir, oldest first; [] if nothing was ever received."""
    if not (Path(directory) / "new").is_dir():
        return []
    box = mailbox.Maildir(directory, create=False)
    parser = BytesParser(policy=email.policy.default)
    keys = sorted(box.keys(), key=lambda key: (box.get_message(key).get_date(), key))
    return [cast(EmailMessage, parser.parsebytes(box.get_bytes(key))) for key in keys]


def text_part(message: EmailMessage) -> str:
    """The plain-text part of a message (the whole body if it has only that)."""
    return _part(message, "plain")


def html_part(message: EmailMessage) -> str:
    """The HTML part of a multipart/alternative message."""
    return _part(message, "html")


def _part(message: EmailMessage, subtype: str) -> str:
    part = message.get_body((subtype,))
    assert part is not None, f"the message has no text/{subtype} part"
    return cast(EmailMessage, part).get_content()
