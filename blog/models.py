"""Insights: the article index (with category and tag routes) and the articles."""

from django.core.paginator import Paginator
from django.db import models
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

from blog import queries, review
from blog.blocks import ReferencesStreamBlock
from blog.feeds import ArticleFeed, AtomArticleFeed
from blog.forms import ArticlePageForm
from blog.pagination import ArticlesByIds
from blog.snippets import Category, MedicalDisclaimer, Tag
from home import images
from home.blocks import BodyStreamBlock
from home.models import DoctorPage, Person
from home.models.base import SYNCHRONIZED_SLUG, BasePage
from home.text import reading_minutes, stream_text, table_of_contents
from serving.cache.lookups import language_codes
from serving.cache.memo import memoize

__all__ = [
    "ArticlePage",
    "BlogIndexPage",
    "Category",
    "InsightsSettings",
    "MedicalDisclaimer",
    "Tag",
]

ARTICLES_PER_PAGE = 10


class BlogIndexPage(RoutablePageMixin, BasePage):
    """Insights: every article, newest first, plus category and tag listings."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("article index page")

    def summary(self) -> str:
        return self.intro

    def route_child(self, slug):
        # An article and what its page shows in one query (serving/cache/pages.py).
        return queries.article_for_route(self, slug)

    def get_posts(self, *, category=None, tag=None, author=None):
        """Live, public articles under this index, newest first (blog/queries.py)."""
        return queries.index_articles(self, category=category, tag=tag, author=author)

    def paginate(self, request, filters):
        """The page of the listing that `?page=` asks for (the last one past it)."""
        listing = ArticlesByIds(
            queries.listing_ids(self, **filters), self.get_posts().order_by()
        )
        return Paginator(listing, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))

    def render_listing(self, request, *, heading="", description="", **filters):
        """One page of a listing: the index itself, or a category's, tag's or
        author's articles (`filters`, with their `heading` and `description`).

        Each page of it has its own title, description, breadcrumb and self
        canonical (`?page=N`), and names the same page of the other languages'
        listing as its alternate only where that page exists (home/templatetags).
        """
        context = self.get_context(request)
        articles = self.paginate(request, filters)
        articles.object_list = queries.with_display_categories(articles.object_list)
        number = articles.number
        title = f"{heading} – {self.title}" if heading else self.meta_title
        if number > 1:
            title = _("%(title)s – page %(number)s") % {
                "title": title,
                "number": number,
            }
        context.update(
            articles=articles,
            listing_title=heading,
            meta_title=title,
            meta_description=description or self.meta_description,
            listing_crumb=(heading, request.path) if heading else None,
            listing_query=f"page={number}" if number > 1 else "",
            listing_languages=self.languages_with_page(number, filters),
            **filters,
        )
        response = render(request, self.get_template(request), context)
        if request.GET.get("page", "1") != str(number):
            # A page number past the end shows the last page: not one more copy
            # of it in the page cache for every number a visitor makes up.
            response.page_cache = False
        return response

    def languages_with_page(self, number: int, filters) -> set[str] | None:
        """The languages whose listing has page `number` too (None: all of them,
        as every listing has a first page). The translations and their listings'
        lengths are memoised: no query once warm, whatever the page."""
        if number == 1:
            return None
        codes = language_codes()
        languages = {codes.get(self.locale_id)}
        first_of_page = (number - 1) * ARTICLES_PER_PAGE
        for translated_index in queries.index_translations(self):
            if queries.listing_length(translated_index, **filters) > first_of_page:
                languages.add(codes.get(translated_index.locale_id))
        return languages

    @path("")
    def index_route(self, request):
        return self.render_listing(request)

    @path("category/<slug:slug>/")
    def category_route(self, request, slug):
        category = self.find_taxonomy(Category, slug)
        return self.render_listing(
            request,
            heading=category.name,
            description=_("Articles on %(topic)s, newest first.")
            % {"topic": category.name},
            category=category,
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
        return self.render_listing(
            request,
            heading=author.name,
            description=_("Articles by %(name)s, newest first.")
            % {"name": author.name},
            author=author,
        )

    @path("tag/<slug:slug>/")
    def tag_route(self, request, slug):
        tag = self.find_taxonomy(Tag, slug)
        return self.render_listing(
            request,
            heading=tag.name,
            description=_("Articles tagged “%(tag)s”, newest first.")
            % {"tag": tag.name},
            tag=tag,
        )

    def find_taxonomy(self, model, slug):
        """A category, tag or author by slug, in this index's language if translated."""
        found = queries.taxonomy_by_slug(model, slug, self)
        if found is None:
            raise Http404
        return found


class ArticlePage(BasePage):
    og_type = "article"

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
    # A field of its own, not a body block: one numbered list per article, always
    # after the body, that the text's [1] markers and the JSON-LD can find, and
    # that is synchronized (not translated) as a whole.
    references = StreamField(
        ReferencesStreamBlock(),
        verbose_name=_("references"),
        blank=True,
        help_text=_(
            "Numbered in this order. Cite them in the text as [1], [1,2] or [1–3]. "
            "They appear as published, in every language."
        ),
    )
    reviewer = models.ForeignKey(
        "home.Person",
        verbose_name=_("medical reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    # Planning, not publishing: the editorial calendar (editorial/) shows a draft
    # on this day. Articles only: they are what the clinic plans by date.
    target_publish_date = models.DateField(
        _("target publish date"),
        null=True,
        blank=True,
        help_text=_("When this draft should be ready; shown in the calendar."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("target_publish_date"),
                FieldPanel("author"),
                FieldPanel("category"),
                FieldPanel("tags"),
            ],
            heading=_("About this article"),
        ),
        FieldPanel("excerpt"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("references"),
        MultiFieldPanel(
            [FieldPanel("reviewer"), FieldPanel("last_reviewed")],
            heading=_("Medical review"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("excerpt"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ArticlePageForm

    # The Chinese article links to the same (English) author, category and tags;
    # templates show their translations through home.i18n.localize().
    override_translatable_fields = [
        *SYNCHRONIZED_SLUG,
        SynchronizedField("author"),
        SynchronizedField("reviewer"),
        SynchronizedField("category"),
        SynchronizedField("tags"),
        # Sources stay as published: the Chinese article shows the English list
        # and follows its edits on every sync.
        SynchronizedField("references", overridable=False),
    ]

    class Meta:
        verbose_name = _("article")
        ordering = ["-date"]
        # Listings are newest first (date, then id): read from either end of this
        # index, their first and last pages take no sort of the whole listing.
        indexes = [models.Index(fields=["date", "page_ptr"], name="article_date_id")]

    def summary(self) -> str:
        return self.excerpt

    def get_dependent_urls(self) -> list[str]:
        """Listings and profiles that show this article, purged with it from the
        HTTP cache."""
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
        # The author's and reviewer's profiles list their articles.
        for person in (self.author, self.reviewer):
            profile = DoctorPage.profile_of(person, self.locale_id)
            if profile is not None:
                urls.append(profile.get_full_url())
        return urls

    def share_image(self):
        return self.cover_image

    def image_uses(self):
        roles = ("card", "wide", "article_json_ld")
        cover = [(role, self.cover_image) for role in roles]
        body = [("body", image) for image in images.stream_images(self.body)]
        return [*super().image_uses(), *cover, *body]

    def reading_minutes(self) -> int:
        # Walks the whole body: once per content version (serving/cache/memo.py).
        return memoize(
            "reading-minutes",
            self.pk,
            compute=lambda: reading_minutes(f"{self.title} {stream_text(self.body)}"),
        )

    def table_of_contents(self):
        return table_of_contents(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            blog_index=self.get_specific_parent(),
            **queries.article_taxonomy(self),
            disclaimer=queries.article_disclaimer(self),
            **queries.article_navigation(self),
            # Against today's date: never memoised (blog/review.py).
            review=review.state_for_visitor(self, request),
        )
        return context


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

    Keyed by the post's key within its WordPress site (its ID, or for a post
    without one or sharing one, its GUID; see `blog.wordpress.wxr.assign_keys`),
    so importing the same export again updates those pages instead of creating
    new ones; the hash of what was imported tells an unchanged post from an
    edited one.
    """

    source = models.CharField(
        _("WordPress site"), max_length=200, help_text=_("Host and path of the site.")
    )
    wp_id = models.PositiveBigIntegerField(_("WordPress post ID"))
    key = models.CharField(_("WordPress key"), max_length=255)
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
                fields=["source", "key"], name="unique_wordpress_post_key"
            )
        ]
        permissions = [("import_wordpress", _("Can import WordPress exports"))]

    def __str__(self) -> str:
        return f"{self.source} #{self.key}"


class WordPressImage(models.Model):
    """Which Wagtail image a WordPress upload became (`manage.py import_wordpress`).

    Keyed by the file's path under wp-content/uploads (2013/03/photo.jpg), so a
    second run finds the image without reading or downloading the file again.
    Deleting the image in Wagtail deletes this too: the next run imports it anew.
    """

    source = models.CharField(_("WordPress site"), max_length=200)
    path = models.CharField(_("path in uploads"), max_length=255)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("imported WordPress image")
        verbose_name_plural = _("imported WordPress images")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "path"], name="unique_wordpress_image"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.path}"
