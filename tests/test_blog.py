"""Insights as visitors use it: listings, category and tag pages, article navigation."""

import datetime
import random
import uuid
from array import array
from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage
from blog.queries import IndexSummary, category_counts, related_ids
from tests.factories import (
    ArticlePageFactory,
    CategoryFactory,
    PersonFactory,
    TagFactory,
)
from tests.i18n_utils import translate_fully


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def categories(en):
    return {
        "stem": CategoryFactory(name="Stem Cells", slug="stem-cells", sort_order=1),
        "chronic": CategoryFactory(
            name="Chronic Diseases", slug="chronic-diseases", sort_order=4
        ),
    }


def make_article(blog_index, day, **kwargs):
    return ArticlePageFactory(
        parent=blog_index, date=datetime.date(2025, 10, day), **kwargs
    )


def test_article_page_shows_category_date_author_body(client, blog_index, categories):
    author = PersonFactory(name="Leaven Editorial Team")
    article = make_article(
        blog_index,
        27,
        title="Knee repair",
        category=categories["chronic"],
        author=author,
    )
    html = soup(client.get(article.url))
    assert html.find("h1").text == "Knee repair"
    assert len(html.find_all("h1")) == 1
    assert (
        html.select_one(".article__header .eyebrow").text.strip() == "Chronic Diseases"
    )
    assert html.find("time")["datetime"] == "2025-10-27"
    assert "October 27, 2025" in html.find("time").text
    assert "Leaven Editorial Team" in html.select_one(".byline").text
    assert html.find("h2", id="why-it-matters")


def test_previous_and_next_follow_the_dates(client, blog_index, categories):
    older = make_article(blog_index, 20, title="Older")
    middle = make_article(blog_index, 22, title="Middle")
    newer = make_article(blog_index, 25, title="Newer")
    html = soup(client.get(middle.url))
    assert html.select_one("a[rel=prev]")["href"] == older.url
    assert html.select_one("a[rel=next]")["href"] == newer.url
    html = soup(client.get(older.url))
    assert html.select_one("a[rel=prev]") is None
    assert html.select_one("a[rel=next]")["href"] == middle.url


def test_drafts_are_left_out_of_navigation_and_listings(client, blog_index):
    live = make_article(blog_index, 20, title="Live")
    draft = make_article(blog_index, 21, title="Draft")
    draft.unpublish()
    assert soup(client.get(live.url)).select_one("a[rel=next]") is None
    assert "Draft" not in client.get(blog_index.url).content.decode()


def test_a_drafts_preview_links_the_articles_around_its_date(blog_index, categories):
    older = make_article(blog_index, 20, title="Older", category=categories["stem"])
    newer = make_article(blog_index, 25, title="Newer")
    draft = make_article(blog_index, 22, title="Draft", category=categories["stem"])
    draft.unpublish()
    html = soup(draft.make_preview_request())
    assert html.select_one("a[rel=prev]")["href"] == older.url
    assert html.select_one("a[rel=next]")["href"] == newer.url
    assert [a.text for a in html.select(".related .card__title a")] == ["Older"]


def test_related_articles_same_category_first_then_shared_tags(
    client, blog_index, categories
):
    knee = TagFactory(name="Knee", slug="knee")
    article = make_article(blog_index, 27, title="Seed", category=categories["chronic"])
    article.tags.add(knee)
    article.save()
    tagged = make_article(
        blog_index, 26, title="Shares a tag", category=categories["stem"]
    )
    tagged.tags.add(knee)
    tagged.save()
    same_category = make_article(
        blog_index,
        10,
        title="Same category",
        category=categories["chronic"],
        excerpt="Why it matters.",
    )
    make_article(blog_index, 25, title="Unrelated", category=categories["stem"])

    html = soup(client.get(article.url))
    titles = [a.text for a in html.select(".related .card__title a")]
    assert titles == ["Same category", "Shares a tag"]
    assert "Why it matters." in html.select_one(".related").text
    assert same_category.url in {
        a["href"] for a in html.select(".related .card__title a")
    }


def test_sidebar_counts_recent_posts_and_tags(client, blog_index, categories):
    wellness = TagFactory(name="Wellness", slug="wellness")
    for day in range(1, 4):
        make_article(blog_index, day, category=categories["stem"])
    tagged = make_article(blog_index, 5, title="Newest", category=categories["chronic"])
    tagged.tags.add(wellness)
    tagged.save()
    html = soup(client.get(blog_index.url))
    sidebar = html.select_one(".sidebar")
    counts = [
        " ".join(li.text.split())
        for li in sidebar.select(".sidebar__section")[1].select("li")
    ]
    assert counts == ["Stem Cells (3)", "Chronic Diseases (1)"]
    assert sidebar.select(".sidebar__section")[2].select("li a")[0].text == "Newest"
    assert [a.text for a in sidebar.select(".tag")] == ["Wellness"]
    assert sidebar.find("form", role="search")["action"] == "/en/search/"


def test_category_counts_take_the_same_queries_whatever_the_number_of_articles(
    blog_index, categories, django_assert_num_queries, en
):
    # view restrictions (Wagtail's .public()), one aggregate, the category names
    make_article(blog_index, 1, category=categories["stem"])
    with django_assert_num_queries(3):
        category_counts(en)
    for day in range(2, 8):
        make_article(
            blog_index, day, category=categories["stem" if day % 2 else "chronic"]
        )
    with django_assert_num_queries(3):
        result = category_counts(en)
    assert [(c.slug, n) for c, n in result] == [
        ("stem-cells", 4),
        ("chronic-diseases", 3),
    ]


def test_category_page_lists_only_its_articles_and_paginates(
    client, blog_index, categories
):
    for day in range(1, 13):
        make_article(
            blog_index, day, title=f"Stem {day:02}", category=categories["stem"]
        )
    make_article(blog_index, 20, title="Chronic one", category=categories["chronic"])
    url = blog_index.url + "category/stem-cells/"
    first = soup(client.get(url))
    assert first.find("h1").text == "Stem Cells"
    titles = [a.text for a in first.select(".card__title a")]
    assert len(titles) == 10 and titles[0] == "Stem 12"
    assert "Chronic one" not in titles
    second = soup(client.get(url + "?page=2"))
    assert [a.text for a in second.select(".card__title a")] == ["Stem 02", "Stem 01"]
    assert second.select_one(".pagination a[rel=prev]")["href"] == "?page=1"


def test_tag_page(client, blog_index):
    tag = TagFactory(name="Cancer", slug="cancer")
    tagged = make_article(blog_index, 3, title="Tagged")
    tagged.tags.add(tag)
    tagged.save()
    make_article(blog_index, 4, title="Untagged")
    html = soup(client.get(blog_index.url + "tag/cancer/"))
    assert html.find("h1").text == "Cancer"
    assert [a.text for a in html.select(".card__title a")] == ["Tagged"]


@pytest.mark.parametrize(
    "path", ["category/no-such-category/", "tag/no-such-tag/", "no-such-article/"]
)
def test_unknown_slugs_are_404(client, blog_index, path):
    assert client.get(blog_index.url + path).status_code == 404


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", ""])
def test_odd_page_numbers_give_a_normal_page(client, blog_index, page):
    for day in range(1, 13):
        make_article(blog_index, day, title=f"Article {day:02}")
    html = soup(client.get(blog_index.url, {"page": page}))
    assert html.select(".card__title a")


def test_a_tag_named_as_the_category_is_not_shown_twice(client, blog_index, categories):
    same = TagFactory(name="chronic diseases", slug="chronic-diseases-tag")
    other = TagFactory(name="Knee", slug="knee")
    article = make_article(blog_index, 3, category=categories["chronic"])
    article.tags.set([same, other])
    article.save_revision().publish()
    chips = soup(client.get(article.url)).select(".article__footer .tag-list a")
    assert [chip.text for chip in chips] == ["Chronic Diseases", "Knee"]


def test_an_articles_tags_come_from_the_index_summary_by_name(
    client, blog_index, settings
):
    """A first visit reads its tags from the memo (blog/queries.py: linked_tags),
    in the order the database gives them: by name."""
    settings.PAGE_CACHE_ENABLED = False
    tags = [
        TagFactory(name=name, slug=name.lower()) for name in ("Zeta", "Beta", "alpha")
    ]
    first = make_article(blog_index, 3)
    article = make_article(blog_index, 4)
    article.tags.set(tags)
    article.save_revision().publish()
    client.get(first.url)  # the site-wide memo: the index's summary, every tag

    with CaptureQueriesContext(connection) as captured:
        html = soup(client.get(article.url))

    chips = [a.text for a in html.select(".article__footer .tag-list a")]
    assert chips == ["Beta", "Zeta", "alpha"]
    assert chips == [tag.name for tag in article.tags.all()]  # the database's order
    assert not any("blog_articlepage_tags" in q["sql"] for q in captured)


def test_a_private_articles_tags_are_read_from_the_database(
    client, blog_index, admin_user
):
    tag = TagFactory(name="Members only", slug="members-only")
    article = make_article(blog_index, 6)
    article.tags.set([tag])
    article.save_revision().publish()
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    client.force_login(admin_user)

    chips = soup(client.get(article.url)).select(".article__footer .tag-list a")

    assert [chip.text for chip in chips] == ["Members only"]


def test_a_drafts_preview_shows_the_drafts_tags_not_the_live_ones(blog_index):
    live_tag = TagFactory(name="Live tag", slug="live-tag")
    draft_tag = TagFactory(name="Draft tag", slug="draft-tag")
    article = make_article(blog_index, 7)
    article.tags.set([live_tag])
    article.save_revision().publish()
    article.tags.set([draft_tag])
    article.save_revision()  # saved, not published

    preview = article.get_latest_revision_as_object().make_preview_request()

    chips = soup(preview).select(".article__footer .tag-list a")
    assert [chip.text for chip in chips] == ["Draft tag"]


def listed_titles(client, url, page) -> list[str]:
    html = soup(client.get(url, {"page": page}))
    return [a.text for a in html.select(".card__title a")]


def newest_first(articles) -> list[str]:
    ordered = sorted(articles, key=lambda article: (article.date, article.pk))
    return [article.title for article in reversed(ordered)]


def test_every_page_of_a_listing_is_its_slice_of_the_newest_first_order(
    client, blog_index, categories
):
    """Pages are slices of the index summary's ids (blog/pagination.py): each
    page, with ties on the date, filtered or not, shows what the plain
    newest-first order puts there; a number past the end shows the last page."""
    author = PersonFactory(name="Dr Lim", slug="dr-lim")
    tag = TagFactory(name="Knee", slug="knee")
    articles = []
    for n in range(25):
        article = ArticlePageFactory(
            parent=blog_index,
            title=f"Article {n:02}",
            # Three a day, created out of date order: the id breaks the ties.
            date=datetime.date(2025, 10, 1) + datetime.timedelta(days=(n * 7) % 9),
            category=categories["stem"] if n % 4 else categories["chronic"],
            author=author if n % 3 == 0 else None,
        )
        if n % 2 == 0:
            article.tags.add(tag)
            article.save()
        articles.append(article)
    listings = {
        blog_index.url: articles,
        f"{blog_index.url}category/stem-cells/": [
            a for a in articles if a.category == categories["stem"]
        ],
        f"{blog_index.url}tag/knee/": articles[::2],
        f"{blog_index.url}author/dr-lim/": articles[::3],
    }
    for url, listed in listings.items():
        expected = newest_first(listed)
        pages = [expected[start : start + 10] for start in range(0, len(expected), 10)]
        for number, page in enumerate(pages, start=1):
            assert listed_titles(client, url, number) == page, (url, number)
        assert listed_titles(client, url, 99) == pages[-1], url


def test_a_listing_follows_each_publish_and_leaves_private_articles_out(
    client, blog_index, settings
):
    # The listing's ids come from the index summary, kept per content version.
    settings.PAGE_CACHE_ENABLED = False
    settings.MEMO_CACHE_ENABLED = True
    make_article(blog_index, 1, title="First")
    second = make_article(blog_index, 2, title="Second")
    assert listed_titles(client, blog_index.url, 1) == ["Second", "First"]

    second.unpublish()
    assert listed_titles(client, blog_index.url, 1) == ["First"]

    third = make_article(blog_index, 3, title="Third")
    assert listed_titles(client, blog_index.url, 1) == ["Third", "First"]

    PageViewRestriction.objects.create(
        page=third, restriction_type=PageViewRestriction.LOGIN
    )
    assert listed_titles(client, blog_index.url, 1) == ["First"]

    # A preview reads no memo: its summary is made for it.
    preview = soup(blog_index.make_preview_request())
    assert [a.text for a in preview.select(".card__title a")] == ["First"]


def test_chinese_listing_pages_at_both_ends(client, home, zh, blog_index):
    translate_fully(home, zh)
    zh_index = translate_fully(blog_index, zh)
    for day in (3, 1, 2, 2, 5, 4, 4, 6, 1, 7, 2, 3):
        article = make_article(blog_index, day)
        translate_fully(article, zh)
    zh_articles = ArticlePage.objects.child_of(zh_index).live()
    expected = newest_first(zh_articles)
    assert listed_titles(client, zh_index.url, 1) == expected[:10]
    assert listed_titles(client, zh_index.url, 2) == expected[10:]


def test_related_articles_rank_as_sorting_the_whole_index_would():
    """related_ids finds articles through each tag's positions (blog/queries.py);
    on an index of 300 random articles it picks what ranking every article would:
    same category first, then most tags shared, then newest."""
    rng = random.Random(18)  # noqa: S311 - a repeatable test index, no secret
    count, tag_count = 300, 8
    keys = {"category": [uuid.uuid4() for _ in range(4)]}
    dates, categories, tags_of = [], [], []
    for _ in range(count):
        dates.append(datetime.date(2025, 1, 1).toordinal() + rng.randrange(60))
        categories.append(rng.randrange(-1, 4))
        tags_of.append(rng.sample(range(tag_count), rng.randrange(0, 4)))
    order = sorted(range(count), key=lambda i: (dates[i], i + 1))  # ids are i + 1
    starts, links = [0], []
    for i in order:
        links.extend(tags_of[i])
        starts.append(len(links))
    summary = IndexSummary(
        ids=array("i", [i + 1 for i in order]),
        dates=array("i", [dates[i] for i in order]),
        categories=array("i", [categories[i] for i in order]),
        authors=array("i", [-1] * count),
        tag_starts=array("i", starts),
        tags=array("i", links),
        tag_ids=array("i", links),
        category_codes={key: code for code, key in enumerate(keys["category"])},
        tag_codes={uuid.uuid4(): code for code in range(tag_count)},
        author_codes={},
    )

    def by_sorting(i: int) -> list[int]:
        ranked = []
        for j in range(count):
            shared = len(set(tags_of[i]) & set(tags_of[j]))
            same = categories[i] != -1 and categories[j] == categories[i]
            if j != i and (shared or same):
                ranked.append((same, shared, dates[j], j + 1))
        return [pk for *_rank, pk in sorted(ranked, reverse=True)[:3]]

    for i in rng.sample(range(count), 60):
        article = SimpleNamespace(
            pk=i + 1,
            date=datetime.date.fromordinal(dates[i]),
            category_id=None if categories[i] == -1 else categories[i] + 1,
            category=SimpleNamespace(
                translation_key=keys["category"][categories[i]]
                if categories[i] != -1
                else None
            ),
        )
        assert related_ids(summary, article) == by_sorting(i), i
