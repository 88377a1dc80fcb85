"""Serving a page with fewer queries: routing and view restrictions from the memo.

Wagtail routes `/en/insights/some-article/` one level at a time (a query for
each child and another for its specific class) and checks view restrictions on
the page and its ancestors (two more). `CachedServeMixin` finds the deepest
matching page in one query (remembered per content version), loads it with its
`serve_select_related` foreign keys, and answers view restrictions from the
memo. Behaviour is Wagtail's: the same page, the same sub-routes of routable
pages (which win over a child page with the same slug), the same 404s.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import Resolver404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from serving.cache.lookups import restrictions_for
from serving.cache.memo import memoize


def serve_queryset(model):
    """The page model's manager with what serving it needs loaded: its
    `serve_select_related` and `serve_prefetch_related`, and every image it points
    at with the image's renditions (so `{% picture %}` needs no cache round trip)."""
    select = list(getattr(model, "serve_select_related", ()))
    prefetch = list(getattr(model, "serve_prefetch_related", ()))
    image_model = get_image_model()
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is image_model:
            select.append(field.name)
            prefetch.append(f"{field.name}__renditions")
    return model._default_manager.select_related(
        *dict.fromkeys(select)
    ).prefetch_related(*dict.fromkeys(prefetch))


def _route_target(root: Page, components: list[str]) -> tuple[int, int, int] | None:
    """(page id, content type id, path components used) of the page to route to."""
    prefixes = {
        root.url_path + "/".join(components[:n]) + "/": n
        for n in range(1, len(components) + 1)
    }
    rows = (
        Page.objects.filter(
            url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth
        )
        .order_by("depth")
        .values_list("pk", "content_type_id", "url_path", "live")
    )
    target = None
    for pk, content_type_id, url_path, live in rows:
        used = prefixes[url_path]
        target = (pk, content_type_id, used)
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if (
            live
            and used < len(components)
            and model
            and issubclass(model, RoutablePageMixin)
        ):
            # Wagtail lets a routable page's own routes win over its children.
            try:
                model.get_resolver().resolve("/" + "/".join(components[used:]) + "/")
            except Resolver404:
                continue
            break
    return target


class CachedServeMixin:
    """For page models: one-query routing and memoised view restrictions."""

    #: Loaded with the page when it is served (images and renditions come anyway).
    serve_select_related: tuple[str, ...] = ("locale",)
    serve_prefetch_related: tuple[str, ...] = ()

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        target = memoize(
            "route",
            self.pk,
            "/".join(path_components),
            compute=lambda: _route_target(self, path_components),
            keep=lambda found: found is not None,
        )
        if target is None:
            raise Http404
        pk, content_type_id, used = target
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a page type removed from the code: Wagtail's way
            return super().route(request, path_components)
        try:
            page = serve_queryset(model).get(pk=pk)
        except model.DoesNotExist as error:
            raise Http404 from error
        return page.route(request, path_components[used:])

    def get_view_restrictions(self):
        if self.alias_of_id:  # aliases take their source's restrictions: Wagtail's way
            return super().get_view_restrictions()
        found = restrictions_for(self)
        queryset = PageViewRestriction.objects.filter(pk__in=[r.pk for r in found])
        # Already evaluated: iterating costs no query; further filtering still works.
        queryset._result_cache = found
        queryset._prefetch_done = True
        return queryset

    def get_specific_parent(self):
        """The parent page, specific, from the memo (e.g. an article's index)."""
        return memoize("parent", self.pk, compute=lambda: self.get_parent().specific)
