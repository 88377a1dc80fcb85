"""Snippets → Advertising terms: the list marketers and translators extend, with
filters (it holds some eighty terms from the start)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content_checks.models import AdvertisingTerm


class AdvertisingTermViewSet(SnippetViewSet):
    model = AdvertisingTerm
    icon = "warning"
    list_display = ["term", "language", "category", "severity", "note"]
    list_filter = ["language", "category", "severity"]
    search_fields = ["term", "note"]
    ordering = ["language", "category", "term"]


register_snippet(AdvertisingTermViewSet)
