"""Serving a page: routing and view restrictions in fewer queries, through
Wagtail's public API.

Routing: Wagtail's `Page.route` finds a child by slug, then loads it again as its
specific type, two queries a level (home page → Insights → article: four).
`CachedServeMixin.route` (the documented method, overridden) asks the page's
`route_child()` first: a home page's few sections come from the memo (specific,
once per content version), an index's article in one query with what its page
shows joined in (blog/queries.py: `article_for_route`). Where it answers None,
Wagtail's own look-up runs, so a child of an unexpected type is still found;
the rest (`live`, Http404, RoutablePageMixin's sub-routes first) is Wagtail's.

View restrictions: Wagtail's
`check_view_restrictions` asks `page.get_view_restrictions()` for the
restrictions on the page and its ancestors (two queries: the ancestors, then the
restrictions). `CachedServeMixin.get_view_restrictions` (the documented
method, overridden) builds the same queryset from the memoised list of every
restriction (serving/cache/lookups.py): `filter(pk__in=[])`, the answer for
every public page, is known to be empty without a query.
"""

from __future__ import annotations

from django.http import Http404

from wagtail.models import Page, PageViewRestriction

from serving.cache.lookups import restrictions_for
from serving.cache.memo import memoize


class CachedServeMixin:
    """For page models: routing, view restrictions and the parent page from the
    memo."""

    #: Find children in the memo: for a page with a few children that every
    #: request below it passes (the home page's sections).
    memoize_child_routes = False

    def route(self, request, path_components):
        if path_components:
            child = self.route_child(path_components[0])
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def route_child(self, slug: str) -> Page | None:
        """The child with `slug`, specific, or None to let Wagtail look it up."""
        if not self.memoize_child_routes:
            return None

        def compute():
            try:
                return self.get_children().get(slug=slug).specific
            except Page.DoesNotExist as missing:
                # Not memoised: made-up slugs must not fill the cache.
                raise Http404 from missing

        return memoize("route-child", self.path, slug, compute=compute)

    def get_view_restrictions(self):
        if self.alias_of_id:  # aliases take their source's restrictions: Wagtail's way
            return super().get_view_restrictions()
        ids = [restriction.pk for restriction in restrictions_for(self)]
        # A real queryset (Django answers an empty `pk__in` without a query).
        return PageViewRestriction.objects.filter(pk__in=ids)

    def get_specific_parent(self):
        """The parent page, specific, from the memo (e.g. an article's index), kept
        once for all its children (under its path)."""
        return memoize(
            "parent",
            self.path[: -self.steplen],
            compute=lambda: self.get_parent().specific,
            in_process=True,
        )
