"""Real-browser support: Playwright driving Debian's Chromium against a live server.

`playwright install` cannot download a browser here, so Playwright launches
/usr/bin/chromium (`apt-get install chromium`). Without it (or without the npm
tools in node_modules/) these tests skip, unless REQUIRE_BROWSER_TESTS is set, as
`.ci/run` does: then a missing tool is a failure, so CI never passes by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.db import connections

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# An init script: the page's layout shifts, added up in `window.__shifts`, recorded
# from the first paint on (buffered), before any script of the page runs.
WATCH_SHIFTS = """
window.__shifts = 0;
new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.__shifts += entry.value;
    }
}).observe({type: "layout-shift", buffered: true});
"""


def require(path: Path, how_to_get_it: str) -> None:
    """Skip (or, in CI, fail) a test whose tool is missing."""
    if path.exists():
        return
    message = f"{path} is missing ({how_to_get_it})"
    if os.environ.get("REQUIRE_BROWSER_TESTS"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture
def chromium(transactional_db, monkeypatch):
    """Chromium for one test, started after its database and stopped before the
    database is flushed.

    While Playwright's sync API runs, its event loop counts as running in this
    thread, so Django keeps database connections apart from the thread's usual
    ones (asgiref's Local) and refuses sync ORM calls. Per test, the test
    database's own connection does the set-up and the flush (with the data kept
    for serialized rollback), and the ORM calls in between are allowed.
    """
    require(CHROMIUM, "apt-get install chromium")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()
        # The connections opened while the loop ran are not the test's own: close
        # them, or PostgreSQL cannot drop the test database at the end.
        connections.close_all()


@pytest.fixture
def browser_page(chromium):
    """A fresh desktop-sized tab (its own cookies) per test."""
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
