"""Serving a page: view restrictions from the memo, through Wagtail's public API.

Routing is Wagtail's own (`Page.route`, `Page.route_for_request`). Wagtail's
`check_view_restrictions` asks `page.get_view_restrictions()` for the
restrictions on the page and its ancestors (two queries: the ancestors, then the
restrictions). `CachedServeMixin.get_view_restrictions` (the documented
method, overridden) builds the same queryset from the memoised list of every
restriction (serving/cache/lookups.py): `filter(pk__in=[])`, the answer for
every public page, is known to be empty without a query.
"""

from __future__ import annotations

from wagtail.models import PageViewRestriction

from serving.cache.lookups import restrictions_for
from serving.cache.memo import memoize


class CachedServeMixin:
    """For page models: view restrictions and the parent page from the memo."""

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
        )
