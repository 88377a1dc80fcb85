"""HTTP caching headers: public pages are shareable and revalidate with 304s,
everything personal is private."""

from django.core.cache import cache

import pytest

from tests.factories import StandardPageFactory


@pytest.fixture(params=[True, False], ids=["page-cache", "no-page-cache"])
def page(request, home, settings):
    settings.PAGE_CACHE_ENABLED = request.param
    cache.clear()
    return StandardPageFactory(parent=home, title="About us", slug="about")


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_public_pages_are_shareable_for_a_short_while(client, page, settings):
    response = client.get(page.url)
    assert response.status_code == 200
    assert {"public", f"max-age={settings.HTTP_CACHE_MAX_AGE}"} <= directives(response)
    assert any(d.startswith("stale-while-revalidate=") for d in directives(response))
    assert "cookie" not in response.get("Vary", "").lower()
    assert response["ETag"] and response["Last-Modified"]


def test_not_found_pages_are_shareable_too(client, page):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "public" in directives(response)


def test_if_none_match_answers_304(client, page):
    first = client.get(page.url)
    again = client.get(page.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert (
        client.get(page.url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    )


def test_if_modified_since_answers_304(client, page, settings):
    first = client.get(page.url)
    if not settings.PAGE_CACHE_ENABLED:
        # Uncached responses are new each time: their Last-Modified is now.
        assert (
            client.get(
                page.url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT"
            ).status_code
            == 200
        )
        return
    again = client.get(page.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_the_admin_is_private(client, page, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "private" in directives(response) or "no-store" in directives(response)


def test_pages_seen_by_a_signed_in_editor_are_private(client, page, admin_user):
    client.force_login(admin_user)
    response = client.get(page.url)
    assert {"private", "no-store"} <= directives(response)


def test_non_page_endpoints_are_not_stored(client, page):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert (
        "no-store" in response["Cache-Control"]
        or "no-cache" in response["Cache-Control"]
    )
    assert "public" not in directives(response)


def test_the_contact_page_is_private(client, page, contact_page):
    # Its form holds the visitor's CSRF token (and sets its cookie).
    response = client.get(contact_page.url)
    assert response.status_code == 200
    assert "private" in directives(response)
    assert "public" not in directives(response)
