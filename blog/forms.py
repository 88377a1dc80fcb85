"""The article editor's form."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from blog.tag_chooser import TagNamesField


class ArticlePageForm(WagtailAdminPageForm):
    """Tags are typed and chosen by name among the source language's
    (blog/tag_chooser.py).

    Translations keep the English tags (`tags` is a synchronized field) and show
    their Chinese names, so a Chinese tag chosen on an English article would only
    be a duplicate. Tags already chosen stay chosen under their own name, so
    saving never drops one.
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
