from __future__ import annotations

import pytest
from notifier.adapters.email_templates import EmailTemplates
from notifier.domain.messages import DigestLine, Recipient, compose

pytestmark = pytest.mark.unit

ANN = Recipient("u1", None, "ann@harbor.example", "Ann <Admin>")
WEB = "https://web.example/"


def test_a_message_has_a_text_part_and_an_escaped_html_part_linking_the_web_app() -> None:
    email = compose(
        ANN,
        "Subject",
        "Reason: <script>alert(1)</script>\nSecond line",
        "Review it",
        "https://web.example/requests/1?a=1&b=2",
    )
    letter = EmailTemplates(WEB).message(email)
    assert letter.to == "ann@harbor.example" and letter.subject == "Subject"
    assert letter.text.startswith("Hello Ann <Admin>,\n\nReason: <script>")
    assert "Review it: https://web.example/requests/1?a=1&b=2" in letter.text
    assert "<script>" not in letter.html and "&lt;script&gt;" in letter.html
    assert "Hello Ann &lt;Admin&gt;," in letter.html
    assert 'href="https://web.example/requests/1?a=1&amp;b=2"' in letter.html
    assert "<p>Second line</p>" in letter.html
    assert 'href="https://web.example/account/notifications"' in letter.html
    assert "https://web.example/account/notifications" in letter.text


def test_a_digest_lists_each_notice_with_its_link() -> None:
    lines = [
        DigestLine("Video request INC-7 approved", "You may view it.", "https://w/requests/7"),
        DigestLine("New message <b>", "Which door?", "https://w/requests/8"),
    ]
    letter = EmailTemplates(WEB).digest(ANN, lines)
    assert letter.subject == "Your Custody digest: 2 notices"
    assert (
        "* Video request INC-7 approved\n  You may view it.\n  https://w/requests/7" in letter.text
    )
    assert 'href="https://w/requests/8"' in letter.html and "New message &lt;b&gt;" in letter.html
