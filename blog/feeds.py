"""RSS 2.0 and Atom feeds of Insights, per language and category (syndication)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from blog import queries

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
        return queries.feed_articles(index, FEED_LENGTH, category=self.category)

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
        return article.display_author.name if article.display_author else None

    def item_categories(self, article):
        return [article.display_category.name] if article.display_category else []


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
