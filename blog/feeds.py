"""RSS 2.0 and Atom feeds of Insights, per language and category (syndication)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from home.i18n import localize_all

FEED_LENGTH = 20


class ArticleFeed(Feed):
    """Built per request by BlogIndexPage's routes: the index and maybe a category."""

    feed_type = Rss201rev2Feed

    def __init__(self, blog_index, category=None):
        super().__init__()
        self.blog_index = blog_index
        self.category = category

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.blog_index

    def title(self, index):
        site_name = (
            self.request.site.site_name if getattr(self.request, "site", None) else ""
        )
        parts = [index.title, self.category.name if self.category else "", site_name]
        return " | ".join(part for part in parts if part)

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.intro or _("Articles from %(site)s") % {"site": self.title(index)}

    def feed_url(self, index):
        return self.request.build_absolute_uri(self.request.path)

    def language(self, index):
        return index.locale.language_code

    def items(self, index):
        posts = index.get_posts().select_related("author")
        if self.category:
            posts = posts.filter(
                category__translation_key=self.category.translation_key
            )
        articles = list(posts[:FEED_LENGTH])
        # Authors and categories in the feed's language, one query each.
        authors = {
            a.translation_key: a
            for a in localize_all(a.author for a in articles if a.author)
        }
        categories = {
            c.translation_key: c
            for c in localize_all(a.category for a in articles if a.category)
        }
        for article in articles:
            article.feed_author = (
                authors.get(article.author.translation_key) if article.author else None
            )
            article.feed_category = (
                categories.get(article.category.translation_key)
                if article.category
                else None
            )
        return articles

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.excerpt or article.meta_description

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_guid(self, article):
        return article.get_full_url(self.request)

    def item_pubdate(self, article):
        # The article's date at local noon: midnight in Singapore is the previous
        # day in UTC, and readers would show the wrong date.
        return timezone.make_aware(
            datetime.datetime.combine(article.date, datetime.time(12))
        )

    def item_updateddate(self, article):
        return article.last_published_at

    def item_author_name(self, article):
        return article.feed_author.name if article.feed_author else None

    def item_categories(self, article):
        return [article.feed_category.name] if article.feed_category else []


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
