"""Every page type, in both languages, is valid HTML for the Nu HTML Checker (vnu.jar).

The pages are fetched with Django's test client and checked in one run of the
checker: a JVM start costs seconds, a page costs milliseconds.
"""

import json
import shutil
import subprocess
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import RequestFactory

import pytest

from enquiries.models import ContactPage
from serving import health
from tests.browser import VNU_JAR, require
from tests.forms import valid_contact_data

LANGUAGES = ["en", "zh-hans"]
ARTICLE = "insights/stem-cell-therapy-for-knee-osteoarthritis/"
SEARCH_WITH_RESULTS = {"en": "stem cell", "zh-hans": "干细胞"}

# name -> path under the language prefix (a format string for the language's query).
PAGES = {
    "home": "",
    "about": "about/",
    "team": "our-team/",
    "services": "services/",
    "insights": "insights/",
    "insights-page-2": "insights/?page=2",
    "category": "insights/category/stem-cells/",
    "tag": "insights/tag/knee-osteoarthritis/",
    "author": "insights/author/leaven-editorial-team/",
    "article": ARTICLE,
    "search-results": "search/?q={query}",
    "search-no-results": "search/?q=xylophone+quartz",
    "search-empty-query": "search/?q=",
    "search-form": "search/",
    "contact": "contact/",
}
NOT_FOUND = "no-such-page/"
# The demo contact form's fields (demo/content.py), named alike in both languages.
CONTACT_ANSWERS = {
    "full_name": "Tan Mei Ling",
    "email": "mei@example.com",
    "phone": "+65 6123 4567",
    "preferred_language": "中文",  # a choice in both languages
    "message": "I would like to ask about knee treatment.",
}


def contact_responses(client, language: str) -> dict:
    """The contact page after an invalid post (with errors) and a valid one (thanks)."""
    page = ContactPage.objects.get(locale__language_code=language)
    valid = valid_contact_data(client, page, **CONTACT_ANSWERS)
    invalid = {**valid, **dict.fromkeys(CONTACT_ANSWERS, "")}
    return {
        "contact-errors": client.post(page.url, invalid),
        "contact-thank-you": client.post(page.url, valid),
    }


def fetch_every_page(client) -> dict[str, bytes]:
    html = {}
    for language in LANGUAGES:
        query = SEARCH_WITH_RESULTS[language]
        responses = {
            name: client.get(f"/{language}/{path.format(query=query)}")
            for name, path in PAGES.items()
        }
        responses.update(contact_responses(client, language))
        for name, response in responses.items():
            assert response.status_code == 200, (language, name, response.status_code)
        not_found = client.get(f"/{language}/{NOT_FOUND}")
        assert not_found.status_code == 404
        responses["not-found"] = not_found
        for name, response in responses.items():
            html[f"{language}-{name}.html"] = response.content
    # The error pages are bilingual and outside the language prefixes.
    html["server-error.html"] = health.server_error(RequestFactory().get("/")).content
    html["unavailable.html"] = health.unavailable_response().content
    return html


def assert_each_page_is_its_variant(html: dict[str, bytes]) -> None:
    """Guards the premise: a results page has results, the error page has errors."""
    for language in LANGUAGES:
        assert b'class="search-result"' in html[f"{language}-search-results.html"]
        assert b'class="search-empty"' in html[f"{language}-search-no-results.html"]
        assert b"form-field__error" in html[f"{language}-contact-errors.html"]
        assert b"contact-form" not in html[f"{language}-contact-thank-you.html"]


def run_checker(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    require(Path(java or "/usr/bin/java"), "apt-get install default-jre-headless")
    completed = subprocess.run(  # noqa: S603 - java with our own arguments
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # Exit status 1 means "errors found"; anything else without JSON is a crash.
    assert completed.stdout.strip(), completed.stderr
    return json.loads(completed.stdout)["messages"]


def describe_errors(messages: list[dict]) -> list[str]:
    return [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


@pytest.mark.django_db
def test_every_page_type_is_valid_html(client, tmp_path):
    require(VNU_JAR, "npm ci")
    call_command("load_demo_content", stdout=StringIO())
    pages = fetch_every_page(client)
    assert_each_page_is_its_variant(pages)
    files = []
    for name, content in pages.items():
        files.append(tmp_path / name)
        files[-1].write_bytes(content)

    errors = describe_errors(run_checker(files))

    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
