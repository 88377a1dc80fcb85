"""Insights: the article index (with category and tag routes) and the articles."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from blog.feeds import ArticleFeed, AtomArticleFeed
from blog.forms import ArticlePageForm
from blog.snippets import Category, MedicalDisclaimer, Tag
from home import cjk
from home.blocks import BodyStreamBlock
from home.cache.lookups import active_locale, public_q
from home.cache.memo import memoize
from home.cache.pages import CachedServeMixin
from home.i18n import localize, localize_all
from home.models import Person
from home.models.seo import SeoMixin
from home.text import reading_minutes, stream_text, table_of_contents

__all__ = [
    "ArticlePage",
    "BlogIndexPage",
    "Category",
    "InsightsSettings",
    "MedicalDisclaimer",
    "Tag",
]

ARTICLES_PER_PAGE = 10
RELATED_ARTICLES = 3


def with_display_categories(articles) -> list["ArticlePage"]:
    """Articles with `display_category` set to their category in the active language.

    One query for the whole list, however long (articles in every language point
    at the source-language category).
    """
    articles = list(articles)
    categories = localize_all(
        article.category for article in articles if article.category
    )
    by_key = {category.translation_key: category for category in categories}
    for article in articles:
        article.display_category = (
            by_key.get(article.category.translation_key) if article.category else None
        )
    return articles


class BlogIndexPage(RoutablePageMixin, CachedServeMixin, SeoMixin, Page):
    """Insights: every article, newest first, plus category and tag listings."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ArticlePage"]
    max_count_per_parent = 1

    override_translatable_fields = [SynchronizedField("slug")]

    class Meta:
        verbose_name = _("article index page")

    def summary(self) -> str:
        return self.intro

    def get_posts(self):
        """Live, public articles under this index (so in its language), newest first."""
        return (
            ArticlePage.objects.child_of(self)
            .live()
            .filter(public_q())  # Wagtail's .public() without its query
            .select_related("category", "author", "cover_image")
            .prefetch_related("cover_image__renditions")  # cards' pictures, one query
            .order_by("-date", "-pk")
        )

    def paginate(self, request, posts):
        return Paginator(posts, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))

    def render_listing(self, request, posts, **extra):
        context = self.get_context(request)
        articles = self.paginate(request, posts)
        articles.object_list = with_display_categories(articles.object_list)
        context.update(articles=articles, **extra)
        return render(request, self.get_template(request), context)

    @path("")
    def index_route(self, request):
        return self.render_listing(request, self.get_posts())

    @path("category/<slug:slug>/")
    def category_route(self, request, slug):
        category = self.find_taxonomy(Category, slug)
        posts = self.get_posts().filter(
            category__translation_key=category.translation_key
        )
        return self.render_listing(
            request, posts, category=category, listing_title=category.name
        )

    @path("category/<slug:slug>/feed/", name="category_feed")
    def category_feed_route(self, request, slug):
        return ArticleFeed(self, self.find_taxonomy(Category, slug))(request)

    @path("category/<slug:slug>/feed/atom/", name="category_atom_feed")
    def category_atom_feed_route(self, request, slug):
        return AtomArticleFeed(self, self.find_taxonomy(Category, slug))(request)

    @path("feed/", name="feed")
    def feed_route(self, request):
        return ArticleFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed_route(self, request):
        return AtomArticleFeed(self)(request)

    @path("author/<slug:slug>/")
    def author_route(self, request, slug):
        author = self.find_taxonomy(Person, slug)
        posts = self.get_posts().filter(author__translation_key=author.translation_key)
        return self.render_listing(
            request, posts, author=author, listing_title=author.name
        )

    @path("tag/<slug:slug>/")
    def tag_route(self, request, slug):
        tag = self.find_taxonomy(Tag, slug)
        posts = (
            self.get_posts()
            .filter(tags__translation_key=tag.translation_key)
            .distinct()
        )
        return self.render_listing(request, posts, tag=tag, listing_title=tag.name)

    def find_taxonomy(self, model, slug):
        """A category, tag or author by slug, in this index's language if translated."""
        matches = list(model.objects.filter(slug=slug))
        if not matches:
            raise Http404
        for match in matches:
            if match.locale_id == self.locale_id:
                return match
        return localize(matches[0], self.locale)


class ArticlePage(CachedServeMixin, SeoMixin, Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        "home.Person",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    tags = ParentalManyToManyField(
        Tag, verbose_name=_("tags"), blank=True, related_name="articles"
    )
    excerpt = models.TextField(
        _("excerpt"), blank=True, help_text=_("Shown in listings and related articles.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"))
    reviewer = models.ForeignKey(
        "home.Person",
        verbose_name=_("medical reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("author"),
                FieldPanel("category"),
                FieldPanel("tags"),
            ],
            heading=_("About this article"),
        ),
        FieldPanel("excerpt"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("reviewer"), FieldPanel("last_reviewed")],
            heading=_("Medical review"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("excerpt"),
        index.SearchField("body"),
        index.SearchField("search_text"),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ArticlePageForm

    # The Chinese article links to the same (English) author, category and tags;
    # templates show their translations through home.i18n.localize().
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("author"),
        SynchronizedField("reviewer"),
        SynchronizedField("category"),
        SynchronizedField("tags"),
    ]

    class Meta:
        verbose_name = _("article")
        ordering = ["-date"]

    def summary(self) -> str:
        return self.excerpt

    def get_dependent_urls(self) -> list[str]:
        """Listings that show this article, purged with it from the HTTP cache."""
        index = self.get_parent().specific
        base = index.get_full_url()
        if not base or not isinstance(index, BlogIndexPage):
            return []
        routes = [("category_route", self.category.slug)] if self.category else []
        routes += [("tag_route", tag.slug) for tag in self.tags.all()]
        if self.author:
            routes.append(("author_route", self.author.slug))
        urls = [
            base + index.reverse_subpage("feed"),
            base + index.reverse_subpage("atom_feed"),
        ]
        for route, slug in routes:
            urls.append(base + index.reverse_subpage(route, kwargs={"slug": slug}))
        return urls

    def search_text(self) -> str:
        """Chinese title, excerpt and body cut for the search index (home/cjk.py)."""
        return cjk.index_text(self.title, self.excerpt, stream_text(self.body))

    def share_image(self):
        return self.cover_image

    def reading_minutes(self) -> int:
        # Walks the whole body: once per content version (home/cache/memo.py).
        return memoize(
            "reading-minutes",
            self.pk,
            compute=lambda: reading_minutes(f"{self.title} {stream_text(self.body)}"),
        )

    def table_of_contents(self):
        return table_of_contents(self.body)

    def siblings(self):
        return (
            ArticlePage.objects.sibling_of(self, inclusive=False)
            .live()
            .filter(public_q())
        )

    def get_previous_article(self):
        """The next older article in the same index."""
        return (
            self.siblings()
            .filter(Q(date__lt=self.date) | Q(date=self.date, pk__lt=self.pk))
            .order_by("-date", "-pk")
            .first()
        )

    def get_next_article(self):
        """The next newer article in the same index."""
        return (
            self.siblings()
            .filter(Q(date__gt=self.date) | Q(date=self.date, pk__gt=self.pk))
            .order_by("date", "pk")
            .first()
        )

    def get_related_articles(self, limit: int = RELATED_ARTICLES):
        """Same category first, then most shared tags, then newest."""
        tag_keys = [tag.translation_key for tag in self.tags.all()]
        category_key = self.category.translation_key if self.category else None
        same_category = (
            Q(category__translation_key=category_key) if category_key else Q(pk=None)
        )
        shared_tags = Q(tags__translation_key__in=tag_keys)
        # Ranked on ids only (grouping whole rows, bodies included, grows slow with
        # the number of articles), then the few winners loaded.
        ranked = list(
            self.siblings()
            .filter(same_category | shared_tags)
            .values("pk")
            .annotate(
                same_category=Count("pk", filter=same_category, distinct=True),
                shared_tags=Count("tags", filter=shared_tags, distinct=True),
            )
            .order_by("-same_category", "-shared_tags", "-date", "-pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not ranked:
            return []
        loaded = (
            ArticlePage.objects.filter(pk__in=ranked)
            .select_related("category", "cover_image")
            .defer_streamfields()
        )
        by_pk = {article.pk: article for article in loaded}
        return with_display_categories(by_pk[pk] for pk in ranked if pk in by_pk)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            blog_index=self.get_specific_parent(),
            disclaimer=memoize(
                "disclaimer",
                self.locale_id,
                compute=lambda: MedicalDisclaimer.for_locale(self.locale),
            ),
            **self.get_taxonomy(),
            **self.get_navigation(),
        )
        return context

    def get_taxonomy(self) -> dict:
        """Category, tags, author and reviewer in the visitor's language: four
        queries, so read once per content version and language (home/cache)."""
        return memoize(
            "article-taxonomy",
            self.pk,
            active_locale().pk,
            compute=lambda: {
                "category": localize(self.category),
                "tags": localize_all(self.tags.all()),
                "author": localize(self.author),
                "reviewer": localize(self.reviewer),
            },
        )

    def get_navigation(self) -> dict:
        """Previous, next and related articles: the same for every visitor until
        something is published, so computed once per content version (home/cache)."""
        return memoize(
            "article-navigation",
            self.pk,
            compute=lambda: {
                "previous_article": self.get_previous_article(),
                "next_article": self.get_next_article(),
                "related_articles": self.get_related_articles(),
            },
        )


@register_setting(icon="doc-full")
class InsightsSettings(BaseSiteSetting):
    review_interval_months = models.PositiveSmallIntegerField(
        _("review articles every (months)"),
        default=12,
        help_text=_(
            "Articles reviewed longer ago than this appear in the review report."
        ),
    )

    panels = [FieldPanel("review_interval_months")]

    class Meta:
        verbose_name = _("Insights settings")


class WordPressPost(models.Model):
    """Which page a WordPress post became (`manage.py import_wordpress`).

    Keyed by the post's ID within its WordPress site, so importing the same export
    again updates those pages instead of creating new ones; the hash of what was
    imported tells an unchanged post from an edited one.
    """

    source = models.CharField(
        _("WordPress site"), max_length=200, help_text=_("Host and path of the site.")
    )
    wp_id = models.PositiveBigIntegerField(_("WordPress post ID"))
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)
    content_hash = models.CharField(_("content hash"), max_length=64)

    class Meta:
        verbose_name = _("imported WordPress post")
        verbose_name_plural = _("imported WordPress posts")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "wp_id"], name="unique_wordpress_post"
            )
        ]
        permissions = [("import_wordpress", _("Can import WordPress exports"))]

    def __str__(self) -> str:
        return f"{self.source} #{self.wp_id}"
