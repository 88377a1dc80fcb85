"""Choosing an article's tags by typing: Wagtail's own tag field (search as you
type, a new name becomes a new tag) over the site's translatable Tag snippet.

Tags are snippets, not taggit tags, because translators give each one a Chinese
name. The editor shows their English names; a name that matches no tag becomes a
new English tag when the page is saved, for someone who may add tags, and reaches
the translators like any other snippet.
"""

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taggit.utils import edit_string_for_tags, parse_tags
from wagtail.admin.widgets.tags import AdminTagWidget
from wagtail.coreutils import cautious_slugify
from wagtail.models import Locale

from blog.snippets import Tag

SUGGESTIONS = 10


def matching_tags(term: str):
    """The source language's tags whose name contains `term`, for the widget."""
    return (
        Tag.objects.filter(locale=Locale.get_default(), name__icontains=term.strip())
        .order_by("name")
        .values_list("name", flat=True)[:SUGGESTIONS]
    )


class TagChooserWidget(AdminTagWidget):
    """Wagtail's tag input, searching the Tag snippet instead of taggit's tags."""

    def __init__(self, *args, may_create: bool = True, **kwargs):
        super().__init__(*args, free_tagging=may_create, **kwargs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-w-tag-url-value"] = reverse(
            "blog_tag_autocomplete"
        )
        return context

    def format_value(self, value):
        if isinstance(value, str) or value is None:
            return value
        tags = [tag for tag in value if isinstance(tag, Tag)]
        ids = [pk for pk in value if not isinstance(pk, Tag)]
        tags += list(Tag.objects.filter(pk__in=ids))
        return edit_string_for_tags(tags)


class TagNamesField(forms.CharField):
    """Tag names typed in the editor ("Knee, Stem cells"); cleans to a list of
    names, which `TagNames.resolve()` turns into tags when the page is saved."""

    max_name_length = Tag._meta.get_field("name").max_length

    def __init__(self, *, may_create: bool, **kwargs):
        self.may_create = may_create
        help_text = (
            _("Start typing to find a tag; a new name becomes a new tag.")
            if may_create
            else _("Start typing to find a tag.")
        )
        super().__init__(
            required=False,
            widget=TagChooserWidget(may_create=may_create),
            help_text=help_text,
            **kwargs,
        )

    def clean(self, value):
        names = parse_tags(super().clean(value) or "")
        too_long = [name for name in names if len(name) > self.max_name_length]
        if too_long:
            raise forms.ValidationError(
                _("A tag name has at most %(limit)s characters: “%(name)s…”.")
                % {"limit": self.max_name_length, "name": too_long[0][:20]}
            )
        return TagNames(names, self.may_create)


class TagNames(list):
    """Names the editor chose; `resolve()` finds or creates their tags."""

    def __init__(self, names, may_create: bool):
        super().__init__(names)
        self.may_create = may_create

    def unknown(self, chosen=()) -> list[str]:
        known = {name.casefold() for name in self._known(chosen)}
        return [name for name in self if name.casefold() not in known]

    def _known(self, chosen) -> dict[str, Tag]:
        """By name, ignoring case: the tags already on the page first, then the
        source language's."""
        found: dict[str, Tag] = {}
        matches = Q()
        for name in self:
            matches |= Q(name__iexact=name)
        source = (
            Tag.objects.filter(matches, locale=Locale.get_default()) if self else []
        )
        for tag in [*chosen, *source]:
            found.setdefault(tag.name.casefold(), tag)
        return found

    def resolve(self, chosen=()) -> list[Tag]:
        """The tags in the order typed, creating (in the source language) those
        that do not exist yet."""
        known = self._known(chosen)
        tags = []
        for name in self:
            tag = known.get(name.casefold())
            if tag is None:
                tag = _create(name)
                known[name.casefold()] = tag
            if tag not in tags:
                tags.append(tag)
        return tags


def _create(name: str) -> Tag:
    """A new source-language tag; its slug is the name's, made unique."""
    locale = Locale.get_default()
    base = cautious_slugify(name)[:70] or "tag"
    taken = set(
        Tag.objects.filter(locale=locale, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return Tag.objects.create(locale=locale, name=name, slug=slug)
