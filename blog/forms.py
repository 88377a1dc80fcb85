"""The article editor's form."""

from django.db.models import Q

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Locale


class ArticlePageForm(WagtailAdminPageForm):
    """Tags are chosen among the source language's.

    Translations keep the English tags (`tags` is a synchronized field) and show
    their Chinese names, so a Chinese tag chosen on an English article would only
    be a duplicate. Tags already chosen stay listed, so saving never drops one.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("tags")
        if field is None:
            return
        chosen = self.instance.tags.all() if self.instance.pk else []
        field.queryset = field.queryset.filter(
            Q(locale=Locale.get_default()) | Q(pk__in=[tag.pk for tag in chosen])
        )
