"""The article editor's form."""

from django.db.models import Q
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Locale

from blog.scheduling import date_follows_go_live


class ArticlePageForm(WagtailAdminPageForm):
    """Tags are chosen among the source language's.

    Translations keep the English tags (`tags` is a synchronized field) and show
    their Chinese names, so a Chinese tag chosen on an English article would only
    be a duplicate. Tags already chosen stay listed, so saving never drops one.

    A go-live date carries the article's date with it, unless the marketer set the
    date by hand, in this edit or before (blog/scheduling.py).
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

    def clean(self):
        cleaned_data = super().clean()
        go_live_at = cleaned_data.get("go_live_at")
        # Compared with the article as it was rather than `changed_data`: the
        # field's callable default makes Django count it changed whenever the
        # form lacks its hidden initial value.
        if (
            go_live_at
            and "date" in self.fields
            and cleaned_data.get("date") == self.instance.date
            and date_follows_go_live(self.instance, self.instance.date)
        ):
            cleaned_data["date"] = timezone.localdate(go_live_at)
        return cleaned_data
