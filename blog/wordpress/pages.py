"""Database writes for one imported post: snippets, page and revision, redirects."""

from collections import Counter
from datetime import datetime

from django.utils.text import slugify

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, Site

from blog.snippets import Category, Tag
from blog.wordpress.fields import Publication
from blog.wordpress.wxr import Author, Export, Item, ItemTerm
from home.models import Person

NO_CATEGORY = {"uncategorized", "uncategorised"}  # WordPress's default category


def person_for(export: Export, login: str, locale: Locale) -> Person | None:
    """The author snippet, matched by the slug of the login, then the display name."""
    if not login:
        return None
    author = export.authors.get(login) or Author(login, login)
    slugs = [
        slug for slug in (slugify(author.login), slugify(author.display_name)) if slug
    ]
    for slug in slugs:
        person = Person.objects.filter(locale=locale, slug=slug[:120]).first()
        if person:
            return person
    if not slugs:
        return None
    return Person.objects.create(
        locale=locale, name=author.display_name[:120], slug=slugs[0][:120]
    )


def taxonomy_terms(item: Item) -> tuple[ItemTerm | None, list[ItemTerm]]:
    """The article's category (WordPress's first) and its tags (the rest, and tags)."""
    categories = [
        t for t in item.terms_in("category") if _slug(t) not in NO_CATEGORY and _slug(t)
    ]
    tags: dict[str, ItemTerm] = {}
    for term in categories[1:] + item.terms_in("post_tag"):
        if _slug(term):
            tags.setdefault(_slug(term), term)
    return (categories[0] if categories else None), list(tags.values())


def snippet_for(model, term: ItemTerm, locale: Locale):
    slug = _slug(term)
    snippet = model.objects.filter(locale=locale, slug=slug).first()
    if snippet is None:
        snippet = model.objects.create(
            locale=locale, slug=slug, name=(term.name or slug)[:80]
        )
    return snippet


def category_and_tags(item: Item, locale: Locale) -> tuple[Category | None, list[Tag]]:
    category, tags = taxonomy_terms(item)
    return (
        snippet_for(Category, category, locale) if category else None,
        [snippet_for(Tag, term, locale) for term in tags],
    )


def _slug(term: ItemTerm) -> str:
    return slugify(term.slug or term.name)[:80]


def save_page(
    page: Page,
    parent: Page | None,
    publication: Publication,
    published: datetime | None,
) -> str:
    """Save `page` as a new revision (adding it under `parent` when new).

    Live posts are published, scheduled ones get Wagtail's own scheduling (the
    revision's approved_go_live_at, published by `publish_scheduled`), drafts
    stay drafts. Returns a note for the report, or "".
    """
    page.go_live_at = publication.go_live_at
    note = ""
    if parent is not None:
        page.live = False
        if publication.state == "live" and published:
            page.first_published_at = published  # keep WordPress's publication date
        parent.add_child(instance=page)
    revision = page.save_revision()
    if publication.state in ("live", "scheduled"):
        revision.publish()
    elif page.live:
        page.unpublish()
        note = "unpublished: it is a draft in WordPress now"
    return note


def redirect_paths(item: Item) -> tuple[list[str], list[str]]:
    """A post's old addresses: its permalink, and the ?p= (and ?page_id=) links.

    Returns the paths the import owns, and the paths it takes only when free: a
    permalink with a double slash (https://old.site//greek/post/) is asked for
    as //greek/post/, which Wagtail's redirect lookup reads as /post/.
    """
    paths = [item.path]
    if item.owns_id:  # ?p=ID belongs to the item that has the ID
        paths.append(f"/?p={item.post_id}")
        if item.post_type == "page":
            paths.append(f"/?page_id={item.post_id}")
    extra = []
    if item.path.startswith("//"):
        paths[0] = "/" + item.path.lstrip("/")
        extra.append(Redirect.normalise_path(item.path))
    owned = _usable(paths)
    return owned, [path for path in _usable(extra) if path not in owned]


def _usable(paths: list[str]) -> list[str]:
    normalised = (Redirect.normalise_path(path) for path in paths)
    return [
        path for path in dict.fromkeys(normalised) if path != "/" and len(path) <= 255
    ]


class Redirects:
    """The site's redirects, read once, so a re-run costs no query per address.

    Each is remembered as (pk, page pk, permanent), not as a Redirect: a created
    one would hold its page, and a run would keep every page it wrote.
    """

    def __init__(self, site: Site | None, counts: Counter):
        self.site = site
        self.counts = counts
        self.known: dict[str, tuple[int, int | None, bool]] | None = None

    def all(self) -> dict[str, tuple[int, int | None, bool]]:
        if self.known is None:
            self.known = {
                old_path: (pk, page_id, permanent)
                for old_path, pk, page_id, permanent in Redirect.objects.filter(
                    site=self.site
                ).values_list("old_path", "pk", "redirect_page_id", "is_permanent")
            }
        return self.known

    def ensure(self, paths: list[str], page: Page, only_if_free: bool = False) -> None:
        known = self.all()
        for old_path in paths:
            found = known.get(old_path)
            if found is None:
                redirect = Redirect.objects.create(
                    old_path=old_path,
                    site=self.site,
                    redirect_page=page,
                    is_permanent=True,
                )
                known[old_path] = (redirect.pk, page.pk, True)
                self.counts["created"] += 1
            elif found[1:] == (page.pk, True):
                self.counts["unchanged"] += 1
            elif not only_if_free:
                redirect = Redirect.objects.get(pk=found[0])
                redirect.redirect_page = page
                redirect.redirect_link = ""
                redirect.is_permanent = True
                redirect.save()
                known[old_path] = (redirect.pk, page.pk, True)
                self.counts["updated"] += 1
