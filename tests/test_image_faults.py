"""Images when things go wrong: an original file gone from media, a read-only database.

Pages are built through Wagtail's API and read with the test client, as visitors
read them; the image file is deleted and its renditions cleared as a bad restore
would leave them.
"""

import io
import logging

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage
from home import images
from home.models import ClinicSettings
from tests.factories import ArticlePageFactory, ImageFactory, StandardPageFactory

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def body_with(image, caption="An MRI of a knee") -> list:
    block = ArticlePage.body.field.stream_block.child_blocks["image"]
    value = block.to_python(
        {
            "image": {"image": image.pk, "alt_text": "A knee", "decorative": False},
            "caption": caption,
        }
    )
    return [("image", value)]


@pytest.fixture
def cover(db):
    return ImageFactory()


@pytest.fixture
def article(blog_index, cover, django_capture_on_commit_callbacks):
    page = ArticlePageFactory(
        parent=blog_index, title="Knee article", cover_image=cover
    )
    page.body = body_with(ImageFactory())
    # Renditions are made once the publish commits.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_publishing_makes_every_rendition_its_page_shows(article, cover):
    made = {rendition.filter_spec for rendition in cover.renditions.all()}
    for role in ("card", "wide", "share", "article_json_ld"):
        assert set(images.specs(role)) <= made, role
    body_image = next(images.stream_images(article.body))
    assert set(images.specs("body")) <= {
        rendition.filter_spec for rendition in body_image.renditions.all()
    }


def test_a_missing_original_leaves_the_image_out_and_is_logged_once(
    client, article, cover, home, caplog
):
    cover.file.storage.delete(cover.file.name)
    cover.renditions.all().delete()
    cache.clear()  # Wagtail's rendition cache, the memo
    images.reported.clear()
    caplog.set_level(logging.ERROR, logger="home.images")

    for _visit in range(2):
        page = soup(client.get(article.url))
        index = soup(client.get(article.get_parent().url))
        soup(client.get(home.url))

    # The cover is left out everywhere; the body's own image still shows.
    assert page.select_one(".article__cover") is None
    assert page.select_one(".block-image picture")
    assert page.select_one('meta[property="og:image"]') is None  # and no logo set
    card = next(c for c in index.select(".card") if "Knee article" in c.text)
    assert (
        card.select_one("picture") is None and card.select_one(".card__image") is None
    )
    faults = [r for r in caplog.records if r.name == "home.images"]
    assert len(faults) == 1, [r.getMessage() for r in faults]
    assert f"Image {cover.pk}" in faults[0].getMessage()
    assert "original file is missing" in faults[0].getMessage()


def test_a_missing_body_image_leaves_its_caption(
    client, blog_index, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    page = ArticlePageFactory(parent=blog_index, title="Body only")
    page.body = body_with(image, caption="Before the treatment")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    image.file.storage.delete(image.file.name)
    image.renditions.all().delete()
    cache.clear()
    html = soup(client.get(page.url))
    figure = html.select_one(".block-image")
    assert figure.select_one("picture") is None
    assert figure.select_one("figcaption").text == "Before the treatment"


def test_a_missing_logo_gives_pages_no_share_image(
    client, home, cover, django_capture_on_commit_callbacks
):
    clinic = ClinicSettings.for_site(home.get_site())
    clinic.logo = cover
    with django_capture_on_commit_callbacks(execute=True):
        clinic.save()
    assert set(images.specs("logo")) <= {r.filter_spec for r in cover.renditions.all()}
    cover.file.storage.delete(cover.file.name)
    cover.renditions.all().delete()
    cache.clear()
    html = soup(client.get(home.url))
    assert html.select_one('meta[property="og:image"]') is None


@pytest.fixture
def read_only_database():
    """Every write refused from here on, as by a replica or a full disk:
    SQLite's query_only, PostgreSQL's read-only transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            # The foreign keys Django defers are checked now, while writes may
            # still run, not when the test's transaction is rolled back.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("SET TRANSACTION READ ONLY")
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")


def test_a_read_only_database_serves_listings_and_articles(
    client, article, home, blog_index, request, django_capture_on_commit_callbacks
):
    standard = StandardPageFactory(parent=home, title="About", image=ImageFactory())
    with django_capture_on_commit_callbacks(execute=True):
        standard.save_revision().publish()
    ClinicSettings.for_site(home.get_site())  # its row exists on any real site
    urls = [home.url, blog_index.url, article.url, standard.url]
    category = article.category
    if category:
        urls.append(
            blog_index.url
            + blog_index.reverse_subpage(
                "category_route", kwargs={"slug": category.slug}
            )
        )
    cache.clear()  # nothing memoised, no rendition in the cache: all from the database
    request.getfixturevalue("read_only_database")
    with CaptureQueriesContext(connection) as queries:
        pages = {url: soup(client.get(url)) for url in urls}
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert pages[article.url].select_one(".article__cover picture")
    assert pages[article.url].select_one(".block-image picture")
    assert pages[blog_index.url].select_one(".card picture")
    assert pages[standard.url].select_one(".page-image picture")


def test_the_command_makes_what_is_missing(article, cover):
    cover.renditions.all().delete()
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "Renditions made for" in out.getvalue()
    assert set(images.specs("card")) <= {r.filter_spec for r in cover.renditions.all()}
