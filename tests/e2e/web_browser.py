"""What the web app's browser tests share: Debian's Chromium (CHROMIUM_PATH or the PATH; the
tests skip without one, and fail with CI set), axe-core checks and screenshots of each page.

axe-core is vendored for tests only (tests/e2e/vendor, scripts/vendor_web.py): never served.
It is evaluated through DevTools rather than added as a <script> tag: the web app's
Content-Security-Policy forbids inline scripts, as it should, and the tests keep it on.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WIDE: ViewportSize = {"width": 1440, "height": 900}
NARROW: ViewportSize = {"width": 390, "height": 844}
BLOCKING = ("serious", "critical")


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM_PATH") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None
    )
    if found:
        return found
    reason = "no Chromium: apt-get install chromium, or set CHROMIUM_PATH"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.x A/AA rules on the page as it is now; serious and critical only."""
    page.evaluate(AXE.read_text())
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "best-practice"]},
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in BLOCKING]


class Visits:
    """Looks at each page a test visits: no serious axe violations, at 1440 px and at 390 px,
    no Content-Security-Policy violation, and a screenshot of each width under `folder`."""

    def __init__(self, folder: Path, page: Page) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self.refused: list[str] = []
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def check(self, page: Page, name: str) -> None:
        assert self.refused == [], f"{name}: the page broke its own policy: {self.refused}"
        self.count += 1
        stem = f"{self.count:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}"
        for label, size in (("1440", WIDE), ("390", NARROW)):
            page.set_viewport_size(size)
            assert serious_violations(page) == [], f"{name} at {label} px"
            page.screenshot(path=str(self.folder / f"{stem}-{label}.png"), full_page=True)
        page.set_viewport_size(WIDE)
        # axe itself sets inline styles while it checks colour contrast: those refusals are
        # the test's, not the page's, and must not be blamed on the next page visited.
        self.refused.clear()


# One Chromium per module, not per session: Playwright's sync API keeps an event loop running
# while it lives, and later tests (tests/fault) call asyncio.run().
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, stack: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(base_url=stack["web_url"], viewport=WIDE)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def visits(request: pytest.FixtureRequest, tmp_path: Path, page: Page) -> Visits:
    root = os.environ.get("WEB_SCREENSHOTS_DIR")
    return Visits(Path(root) / request.node.name if root else tmp_path / "screens", page)
