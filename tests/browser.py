"""Pages in a real browser: Debian's Chromium driven by Playwright, headless, with the network cut off.

    from .browser import browser_page

    def test_page(service):
        with browser_page() as browser:
            browser.page.goto(service[0] + "/sparql")
            ...
            browser.assert_clean()

Every request to a host other than 127.0.0.1/localhost is aborted and recorded (`blocked`), so a page that
works here works offline and calls no one. Console errors and uncaught page errors are collected too.
Playwright never downloads a browser here: it drives /usr/bin/chromium (or $KG_CHROMIUM). Without it the
test is skipped, unless KG_REQUIRE_SHARED=1 or CI is set, where a missing browser is a failure (.ci/run
installs it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def required() -> bool:
    """Whether a missing browser fails the test rather than skipping it (CI, or KG_REQUIRE_SHARED=1)."""
    return os.environ.get("KG_REQUIRE_SHARED") == "1" or os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(message: str) -> None:
    if required():
        pytest.fail(message + " (required here: KG_REQUIRE_SHARED=1 or CI; .ci/run installs chromium)")
    pytest.skip(message)


def chromium() -> Path:
    """The browser executable, or skip/fail (see required) when it or Playwright is missing."""
    executable = CHROMIUM if CHROMIUM.is_file() else Path(shutil.which(str(CHROMIUM)) or CHROMIUM)
    if not (executable.is_file() and os.access(executable, os.X_OK)):
        unavailable(f"needs Chromium at {CHROMIUM} (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("needs the playwright Python package (pip install -e '.[dev]')")
    return executable


@dataclass
class Browser:
    """One page in a fresh browser context, and what it did that it should not have."""

    page: object  # playwright.sync_api.Page
    context: object  # playwright.sync_api.BrowserContext
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"console error: {text}" for text in self.console_errors] +
                [f"page error: {text}" for text in self.page_errors] +
                [f"blocked request: {url}" for url in self.blocked])

    def assert_clean(self) -> None:
        """No console errors, no page errors, and no request left this machine."""
        assert not self.problems(), "\n".join(self.problems())

    def screenshot(self, path: Path, **options) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), **options)
        return path


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    return (parsed.hostname or "") in LOCAL_HOSTS


@contextmanager
def browser_page(*, width: int = 1280, height: int = 900, locale: str = "it-IT") -> Iterator[Browser]:
    """A headless Chromium page with every non-local request blocked and recorded."""
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, locale=locale,
                                          service_workers="block")
            page = context.new_page()
            session = Browser(page, context)

            def route(route) -> None:
                if is_local(route.request.url):
                    route.continue_()
                else:
                    session.blocked.append(route.request.url)
                    route.abort("blockedbyclient")

            context.route("**/*", route)
            page.on("console", lambda message: message.type == "error" and session.console_errors.append(
                f"{message.text} ({message.location.get('url', '')})"))
            page.on("pageerror", lambda error: session.page_errors.append(str(error)))
            page.set_default_timeout(20_000)
            yield session
        finally:
            browser.close()


# The network view (/viz): ready once its physics has settled; a node's position on the page, from vis-network.
VIZ_READY = "#viz[data-state='ready']"
VIZ_NODE_POSITION = """(id) => {
  const network = window.kgViz.network;
  const point = network.canvasToDOM(network.getPositions([id])[id]);
  const box = document.getElementById("viz-network").getBoundingClientRect();
  return [box.left + point.x, box.top + point.y];
}"""


def hover(page, node_id) -> str:
    """The tooltip of a node, as the visitor reads it."""
    page.mouse.move(*page.evaluate(VIZ_NODE_POSITION, node_id))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    box = page.locator("#viz-network").bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + 3)  # an empty corner of the canvas: the tooltip goes
    tooltip.wait_for(state="hidden")
    return text
