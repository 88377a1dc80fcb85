"""What the browser journeys (tests/test_browser_journeys.py) do the way people do:
open a tab, use the header (behind the menu toggle on a phone), sign in to the
admin, and watch a public page for JavaScript errors and failed requests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import urlsplit

from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

ADMIN_PATH = "/admin/"


def ui(text: str, language: str) -> str:
    """A template string as the site shows it in `language` (Django's catalogue)."""
    with translation.override(language):
        return gettext(text)


@dataclass
class PublicPageProblems:
    """Console errors, uncaught exceptions and failed requests seen on public pages
    (the admin is Wagtail's: its own requests are not ours to judge)."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self._add(page.url, f"uncaught: {error}"))
        page.on("response", self._response)

    def _console(self, page: Page, message) -> None:
        if message.type == "error":
            source = message.location.get("url") or ""
            self._add(page.url, f"console: {message.text} {source}".rstrip())

    def _response(self, response) -> None:
        if response.status < 400:
            return
        request = response.request
        # A page is judged by its own address; anything else by the page asking.
        asking = request.url if request.is_navigation_request() else request.frame.url
        if not self._is_admin(asking):
            self.problems.append(f"{response.url}: HTTP {response.status}")

    def _add(self, url: str, problem: str) -> None:
        if not self._is_admin(url):
            self.problems.append(f"{url}: {problem}")

    @staticmethod
    def _is_admin(url: str) -> bool:
        return urlsplit(url).path.startswith(ADMIN_PATH)


@pytest.fixture
def live_demo(live_server) -> str:
    """The demo content on the live server; its address. Loading takes seconds
    (`--durations` shows it as setup time), so each journey is one test."""
    call_command("load_demo_content", stdout=StringIO())
    return live_server.url


@pytest.fixture
def problems() -> Iterator[PublicPageProblems]:
    """Console errors and failed requests of the public pages a test visits: the
    test fails if there are any."""
    found = PublicPageProblems()
    yield found
    assert found.problems == [], "\n".join(found.problems)


@contextmanager
def browser_tab(
    chromium: Browser, viewport: dict, problems: PublicPageProblems
) -> Iterator[Page]:
    """A tab in a fresh context (its own cookies, like a separate person)."""
    context = chromium.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems.watch(page)
    try:
        yield page
    finally:
        context.close()


def site_header(page: Page, language: str) -> Locator:
    """The header's links and search, opening the menu first where the screen is too
    narrow to show them (the toggle is hidden on wide screens)."""
    # site.js binds the toggle at DOMContentLoaded (it folds the menu away on a
    # phone before the first paint); before then a click would do nothing.
    page.wait_for_load_state("domcontentloaded")
    toggle = page.get_by_role("button", name=ui("Menu", language))
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.get_by_role("banner")


def main_navigation(page: Page, language: str) -> Locator:
    return site_header(page, language).get_by_role(
        "navigation", name=ui("Main", language)
    )


def sidebar_section(page: Page, heading: str) -> Locator:
    return (
        page.get_by_role("complementary")
        .locator("section")
        .filter(has=page.get_by_role("heading", name=heading, exact=True))
    )


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}{ADMIN_PATH}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}{ADMIN_PATH}")


def translate_segment(page: Page, source_text: str, translated: str) -> None:
    """In wagtail-localize's editor: translate the segment showing `source_text`."""
    segment = (
        page.get_by_role("listitem")
        .filter(has=page.get_by_text(source_text, exact=True))
        .last  # the innermost item: the segment, not its block
    )
    segment.get_by_role("button", name="Translate").click()
    segment.get_by_role("textbox").fill(translated)
    segment.get_by_role("button", name="Save").click()
    expect(segment.get_by_text(translated)).to_be_visible()


def edit_from_userbar(page: Page, public_url: str, language: str) -> None:
    """Open a page's editor the way an editor does: from Wagtail's userbar on it
    (which speaks the page's language)."""
    page.goto(public_url)
    page.get_by_role("button", name=ui("View Wagtail quick actions", language)).click()
    page.get_by_role("menuitem", name=ui("Edit this page", language)).click()
    page.wait_for_url("**/admin/pages/*/edit/")
