"""The embedded SMTP sink: a real SMTP server, messages read back from its Maildir."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

import pytest
from custody_platform.embedded.smtp import SmtpSink, read_messages

pytestmark = pytest.mark.integration


def _send(sink: SmtpSink, subject: str, to: list[str], body: str = "hello") -> None:
    msg = EmailMessage()
    msg["From"] = "notifier@custody.local"
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg.set_content(body)
    with smtplib.SMTP(sink.host, sink.port, timeout=10) as client:
        client.send_message(msg)


def test_url_names_the_port_the_os_chose(smtp_sink: SmtpSink) -> None:
    assert smtp_sink.port > 0
    assert smtp_sink.url == f"smtp://127.0.0.1:{smtp_sink.port}"


def test_messages_are_stored_and_read_back_in_order(smtp_sink: SmtpSink) -> None:
    _send(smtp_sink, "first", ["a@example.org"], body="Request R-1 approved.")
    _send(smtp_sink, "second", ["b@example.org", "c@example.org"])

    first, second = read_messages(smtp_sink.directory)

    assert first["Subject"] == "first"
    assert first.get_content().strip() == "Request R-1 approved."
    assert second["Subject"] == "second"
    assert second["X-RcptTo"] == "b@example.org, c@example.org"
    assert second["X-MailFrom"] == "notifier@custody.local"


def test_envelope_recipients_include_bcc(smtp_sink: SmtpSink) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "x@custody.local", "to@example.org", "bcc"
    msg.set_content("body")
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port, timeout=10) as client:
        client.send_message(msg, to_addrs=["to@example.org", "hidden@example.org"])

    (received,) = smtp_sink.messages()
    assert "hidden@example.org" in received["X-RcptTo"]
    assert "hidden" not in received["To"]


def test_each_message_is_a_file_that_survives_a_restart(tmp_path: Path) -> None:
    with SmtpSink(tmp_path / "mail") as sink:
        _send(sink, "kept", ["a@example.org"])
    files = list((tmp_path / "mail" / "new").iterdir())
    assert len(files) == 1
    with SmtpSink(tmp_path / "mail") as sink:
        _send(sink, "after restart", ["a@example.org"])
    assert [m["Subject"] for m in read_messages(tmp_path / "mail")] == ["kept", "after restart"]


def test_reading_a_directory_that_never_got_mail(tmp_path: Path) -> None:
    assert read_messages(tmp_path / "nothing") == []
