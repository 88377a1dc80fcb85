"""SEO checks: title and description lengths as search results show them, one H1
and headings in order, alt text in the page's language, an internal link, and a
slug without stop words. Also the search-result preview the editor panel shows."""

import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from wagtail.models import Site

from content_checks.content import PageContent, has_cjk, has_latin_words, read_page
from content_checks.findings import Finding, Kind, Severity

# Search results cut titles at about 600 px and descriptions at about 920 px
# (desktop). In display-width units, where a Latin character is one and a CJK
# character two, that is about 60 for the title (Moz's and Google's guidance:
# "50-60 characters") and 155-160 for the description (Yoast: 155; we allow 160,
# as the site's own meta description does, home.models.base.DESCRIPTION_LENGTH).
TITLE_MAX = 60
TITLE_MIN = 20
DESCRIPTION_MAX = 160
DESCRIPTION_MIN = 70

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)


def display_width(text: str) -> int:
    """Width in Latin characters: wide and full-width characters count two."""
    return sum(
        2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        for char in text or ""
    )


def truncate_to_width(text: str, width: int) -> str:
    """`text` cut to `width` units with an ellipsis, as search results do."""
    text = " ".join((text or "").split())
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        used += display_width(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def meta_title(page) -> str:
    return page.seo_title or page.title or ""


def meta_description(page) -> str:
    """The description search engines get: the editor's, else the page's summary
    (home.models.base.BasePage.meta_description, before its cut)."""
    summary = getattr(page, "summary", None)
    text = page.search_description or (strip_tags(summary()) if summary else "")
    return " ".join(text.split())


@dataclass(frozen=True)
class SearchPreview:
    title: str
    url: str
    description: str
    title_width: int
    description_width: int


def search_preview(page, parent=None) -> SearchPreview:
    """What a search result would show for `page` (saved or not: an unsaved page's
    address is its parent's plus its slug)."""
    url = ""
    if page.pk and page.url_path:
        url = page.get_full_url() or ""
    elif parent is not None:
        parent_url = parent.get_full_url() or ""
        url = f"{parent_url.rstrip('/')}/{page.slug}/" if parent_url else ""
    title, description = meta_title(page), meta_description(page)
    return SearchPreview(
        title=truncate_to_width(title, TITLE_MAX),
        url=url,
        description=truncate_to_width(description, DESCRIPTION_MAX),
        title_width=display_width(title),
        description_width=display_width(description),
    )


def _finding(code, severity, rule, message, quote="", fix="") -> Finding:
    return Finding(Kind.SEO, code, severity, rule, message, quote=quote, fix=fix)


def check_title(page) -> list[Finding]:
    title = meta_title(page)
    width = display_width(title)
    rule = _("SEO: title length")
    if width > TITLE_MAX:
        return [
            _finding(
                "seo.title_long",
                Severity.WARNING,
                rule,
                _(
                    "The search title is %(width)d units wide; search results "
                    "show about %(max)d (a Chinese character counts two)."
                )
                % {"width": width, "max": TITLE_MAX},
                quote=title,
                fix=_("Shorten the title, or set a shorter title for search engines."),
            )
        ]
    if width < TITLE_MIN:
        return [
            _finding(
                "seo.title_short",
                Severity.INFO,
                rule,
                _("The search title is only %(width)d units wide.") % {"width": width},
                quote=title,
                fix=_("Say what the page is about in the title (about 50-60 units)."),
            )
        ]
    return []


def check_description(page) -> list[Finding]:
    description = meta_description(page)
    width = display_width(description)
    rule = _("SEO: search description")
    if not description:
        return [
            _finding(
                "seo.description_missing",
                Severity.WARNING,
                rule,
                _("The page has no search description and no summary to use."),
                fix=_("Write a search description on the Promote tab."),
            )
        ]
    if width > DESCRIPTION_MAX:
        return [
            _finding(
                "seo.description_long",
                Severity.WARNING,
                rule,
                _(
                    "The search description is %(width)d units wide; search "
                    "results show about %(max)d (a Chinese character counts two)."
                )
                % {"width": width, "max": DESCRIPTION_MAX},
                quote=truncate_to_width(description, 80),
                fix=_("Shorten the search description on the Promote tab."),
            )
        ]
    if width < DESCRIPTION_MIN:
        return [
            _finding(
                "seo.description_short",
                Severity.INFO,
                rule,
                _("The search description is only %(width)d units wide.")
                % {"width": width},
                quote=description,
                fix=_("Aim for about 120-160 units: what the reader will learn."),
            )
        ]
    return []


def check_headings(content: PageContent) -> list[Finding]:
    findings = []
    rule = _("SEO: headings")
    previous = 1  # the page title is the H1
    for heading in content.headings:
        if heading.level == 1:
            findings.append(
                _finding(
                    "seo.second_h1",
                    Severity.WARNING,
                    rule,
                    _("A heading in the body is an H1: the page title is the H1."),
                    quote=heading.text,
                    fix=_("Make it a section heading (h2)."),
                )
            )
        elif heading.level > previous + 1:
            findings.append(
                _finding(
                    "seo.heading_skipped",
                    Severity.WARNING,
                    rule,
                    _("The heading jumps from h%(from)d to h%(to)d.")
                    % {"from": previous, "to": heading.level},
                    quote=heading.text,
                    fix=_("Use h%(level)d here, or add the level in between.")
                    % {"level": previous + 1},
                )
            )
        previous = heading.level
    return findings


def check_alt_text(content: PageContent) -> list[Finding]:
    findings = []
    rule = _("SEO and accessibility: alt text")
    for picture in content.pictures:
        if picture.decorative:
            continue
        if not picture.alt.strip():
            findings.append(
                _finding(
                    "seo.alt_missing",
                    Severity.WARNING,
                    rule,
                    _("An image has no alt text."),
                    quote=picture.title,
                    fix=_("Describe what the image shows, or mark it decorative."),
                )
            )
        elif content.language.startswith("zh") and not has_cjk(picture.alt):
            if has_latin_words(picture.alt):
                findings.append(
                    _finding(
                        "seo.alt_language",
                        Severity.WARNING,
                        rule,
                        _("An image's alt text is not in Chinese."),
                        quote=picture.alt,
                        fix=_("Translate the alt text."),
                    )
                )
        elif content.language == "en" and has_cjk(picture.alt):
            findings.append(
                _finding(
                    "seo.alt_language",
                    Severity.WARNING,
                    rule,
                    _("An image's alt text is not in English."),
                    quote=picture.alt,
                    fix=_("Write the alt text in English."),
                )
            )
    return findings


def site_hosts() -> set[str]:
    return {host.lower() for host in Site.objects.values_list("hostname", flat=True)}


def check_internal_link(content: PageContent, hosts=None) -> list[Finding]:
    if any(link.internal for link in content.links):
        return []
    absolute = [urlsplit(link.href).hostname for link in content.links if link.href]
    if any(absolute) and (hosts if hosts is not None else site_hosts()) & {
        host.lower() for host in absolute if host
    }:
        return []
    return [
        _finding(
            "seo.no_internal_link",
            Severity.INFO,
            _("SEO: internal links"),
            _("The page links to no other page of the site."),
            fix=_("Link a related article or service page in the text."),
        )
    ]


def check_slug(content: PageContent) -> list[Finding]:
    # Slugs are synchronised from English (home.models.base): check the source only.
    if content.language != "en":
        return []
    words = [word for word in content.slug.split("-") if word]
    stop = [word for word in words if word in STOP_WORDS]
    if not stop:
        return []
    severity = Severity.WARNING if len(stop) * 2 >= len(words) else Severity.INFO
    return [
        _finding(
            "seo.slug_stop_words",
            severity,
            _("SEO: address"),
            _("The slug has stop words: %(words)s.") % {"words": ", ".join(stop)},
            quote=content.slug,
            fix=_("Keep the words a reader would search for, e.g. %(slug)s.")
            % {"slug": "-".join(w for w in words if w not in STOP_WORDS) or "…"},
        )
    ]


def check(page, content: PageContent | None = None, hosts=None) -> list[Finding]:
    content = content or read_page(page)
    return [
        *check_title(page),
        *check_description(page),
        *check_headings(content),
        *check_alt_text(content),
        *check_internal_link(content, hosts),
        *check_slug(content),
    ]
