"""The article editor's form."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from blog.scheduling import date_follows_go_live
from blog.tag_chooser import TagNamesField


class ArticlePageForm(WagtailAdminPageForm):
    """Tags are typed and chosen by name among the source language's
    (blog/tag_chooser.py).

    Translations keep the English tags (`tags` is a synchronized field) and show
    their Chinese names, so a Chinese tag chosen on an English article would only
    be a duplicate. Tags already chosen stay chosen under their own name, so
    saving never drops one.

    A go-live date carries the article's date with it, unless the marketer set the
    date by hand, in this edit or before (blog/scheduling.py).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tags" not in self.fields:
            return
        user = self.for_user
        may_create = bool(user and user.has_perm("blog.add_tag"))
        self.chosen_tags = list(self.instance.tags.all()) if self.instance.pk else []
        field = TagNamesField(may_create=may_create, label=self.fields["tags"].label)
        self.fields["tags"] = field
        self.initial["tags"] = self.chosen_tags

    def clean_tags(self):
        names = self.cleaned_data["tags"]
        unknown = names.unknown(self.chosen_tags)
        if unknown and not names.may_create:
            raise ValidationError(
                _("There is no tag “%(name)s”; ask someone who may add tags.")
                % {"name": unknown[0]}
            )
        return names

    def save(self, commit=True):
        # New names become tags only now, once the whole form is valid.
        if "tags" in self.cleaned_data:
            self.cleaned_data["tags"] = self.cleaned_data["tags"].resolve(
                self.chosen_tags
            )
        return super().save(commit=commit)

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
