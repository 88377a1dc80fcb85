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

from blog.snippets import Category, MedicalDisclaimer, Tag
from home.blocks import BodyStreamBlock
from home.i18n import localize, localize_all

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
    categories = localize_all(article.category for article in articles if article.category)
    by_key = {category.translation_key: category for category in categories}
    for article in articles:
        article.display_category = (
            by_key.get(article.category.translation_key) if article.category else None
        )
    return articles


class BlogIndexPage(RoutablePageMixin, Page):
    """Insights: every article, newest first, plus category and tag listings."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ArticlePage"]
    max_count_per_parent = 1

    override_translatable_fields = [SynchronizedField("slug")]

    class Meta:
        verbose_name = _("article index page")

    def get_posts(self):
        """Live, public articles under this index (so: in its language), newest first."""
        return (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .select_related("category", "author", "cover_image")
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
        posts = self.get_posts().filter(category__translation_key=category.translation_key)
        return self.render_listing(request, posts, category=category, listing_title=category.name)

    @path("tag/<slug:slug>/")
    def tag_route(self, request, slug):
        tag = self.find_taxonomy(Tag, slug)
        posts = self.get_posts().filter(tags__translation_key=tag.translation_key).distinct()
        return self.render_listing(request, posts, tag=tag, listing_title=tag.name)

    def find_taxonomy(self, model, slug):
        """A category or tag by slug, in this index's language when translated."""
        matches = list(model.objects.filter(slug=slug))
        if not matches:
            raise Http404
        for match in matches:
            if match.locale_id == self.locale_id:
                return match
        return localize(matches[0], self.locale)


class ArticlePage(Page):
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
    tags = ParentalManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
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
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("category"), FieldPanel("tags")],
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
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []

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

    def siblings(self):
        return ArticlePage.objects.sibling_of(self, inclusive=False).live().public()

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
        same_category = Q(category__translation_key=category_key) if category_key else Q(pk=None)
        articles = (
            self.siblings()
            .select_related("category", "cover_image")
            .annotate(
                same_category=Count("pk", filter=same_category, distinct=True),
                shared_tags=Count(
                    "tags", filter=Q(tags__translation_key__in=tag_keys), distinct=True
                ),
            )
            .filter(Q(same_category__gt=0) | Q(shared_tags__gt=0))
            .order_by("-same_category", "-shared_tags", "-date", "-pk")[:limit]
        )
        return with_display_categories(articles)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            blog_index=self.get_parent().specific,
            category=localize(self.category),
            tags=localize_all(self.tags.all()),
            author=localize(self.author),
            previous_article=self.get_previous_article(),
            next_article=self.get_next_article(),
            related_articles=self.get_related_articles(),
        )
        return context


@register_setting(icon="doc-full")
class InsightsSettings(BaseSiteSetting):
    review_interval_months = models.PositiveSmallIntegerField(
        _("review articles every (months)"),
        default=12,
        help_text=_("Articles reviewed longer ago than this appear in the review report."),
    )

    panels = [FieldPanel("review_interval_months")]

    class Meta:
        verbose_name = _("Insights settings")
