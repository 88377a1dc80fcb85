"""The site shell's template tags: menu, language switcher, site-wide text."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language

from wagtail.models import Page, Site

from home import images, structured_data
from home.i18n import localize
from home.i18n import site_text as cached_site_text
from home.models import ClinicSettings, DoctorPage, Person, SiteText
from home.models.base import BasePage
from home.special_hours import clinic_today
from serving.cache.lookups import (
    active_locale,
    language_codes,
    public_q,
    site_settings,
)
from serving.cache.memo import memoize

register = template.Library()


def _request_cache(request, name, compute):
    """Compute once per request: the header and footer ask for the same things."""
    cache = request.__dict__.setdefault("_site_tags_cache", {})
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def _home_page(request) -> Page | None:
    """The site's home page in the active language (the default one if untranslated)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    # Once per content version and language (serving/cache/memo.py), like the menu.
    return memoize(
        "home-page",
        site.pk,
        active_locale().pk,
        compute=lambda: site.root_page.localized,
        in_process=True,
    )


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        site = Site.find_for_request(request) if request is not None else None
        return memoize(
            "fragment",
            self.name.resolve(context),
            site.pk if site else 0,
            get_language(),
            *(part.resolve(context) for part in self.parts),
            compute=lambda: self.nodelist.render(context),
            in_process=True,
        )


@register.tag
def fragment(parser, token):
    """`{% fragment "name" part… %}…{% endfragment %}`: the HTML inside, rendered
    once per content version, site, language and `part`s (serving/cache/memo.py),
    for the site's chrome (header, footer): the same on every page until an
    editor publishes something. What it shows must depend on nothing else: what
    differs from page to page stays outside it, or is one of its parts."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
    )


@register.simple_tag(takes_context=True)
def current_menu_page(context) -> int:
    """The id of the page being shown if the main menu (or its Home link) shows
    it as current, else 0: a part of the header's fragment key that is the same
    for every article."""
    page = context.get("page")
    if not isinstance(page, Page):
        return 0
    home = home_page(context)
    shown = [item.pk for item in menu_pages(context)]
    if home is not None:
        shown.append(home.pk)
    return page.pk if page.pk in shown else 0


@register.simple_tag(takes_context=True)
def site_text(context) -> SiteText | None:
    return _request_cache(context["request"], "site_text", cached_site_text)


@register.simple_tag(takes_context=True)
def clinic_settings(context) -> ClinicSettings | None:
    """The ClinicSettings (phone, hours, logo…), read once per content version."""
    return site_settings(ClinicSettings, context.get("request"))


@register.simple_tag(takes_context=True)
def hours_today(context) -> str:
    """The header's "Open today …" / "Closed today — …" line, and the schedule
    static/js/opening-hours.js redoes it from on a copy cached before today:
    includes/hours_today.html, rendered once per content version, language and
    day in the clinic's time zone."""
    clinic = site_settings(ClinicSettings, context.get("request"))
    language = get_language()

    def render() -> str:
        line = clinic.today_line(language) if clinic else ""
        return render_to_string(
            "includes/hours_today.html",
            {
                "line": line,
                "schedule": clinic.hours_schedule(language) if line else None,
            },
        )

    return memoize(
        "hours-today",
        clinic.pk if clinic else 0,
        language,
        clinic_today().isoformat(),
        compute=render,
    )


@register.inclusion_tag("includes/special_hours.html", takes_context=True)
def special_hours_list(context) -> dict:
    """The special days of the coming weeks, named in the page's language."""
    clinic = site_settings(ClinicSettings, context.get("request"))
    language = get_language()
    days = clinic.upcoming_special_days() if clinic else []
    return {
        "days": [(day, day.name_in(language)) for day in days],
        "time_zone": settings.TIME_ZONE,
    }


def _clinic_page(request, field: str) -> Page | None:
    """A page chosen in ClinicSettings (`field`), in the visitor's language when
    translated (as `.localized`), once per content version and language."""
    clinic = site_settings(ClinicSettings, request)
    if clinic is None or getattr(clinic, f"{field}_id") is None:
        return None
    return memoize(
        field,
        clinic.pk,
        active_locale().pk,
        compute=lambda: getattr(clinic, field).localized,
        in_process=True,
    )


@register.simple_tag
def whatsapp_link(clinic: ClinicSettings | None, page=None) -> str:
    """The clinic's WhatsApp link, its message naming the page being read."""
    if clinic is None:
        return ""
    subject = page.whatsapp_subject() if isinstance(page, BasePage) else ""
    return clinic.whatsapp_link(subject)


@register.simple_tag(takes_context=True)
def consultation_page(context) -> Page | None:
    """The page the Consultation button leads to."""
    return _clinic_page(context.get("request"), "consultation_page")


@register.simple_tag(takes_context=True)
def privacy_page(context) -> Page | None:
    """The privacy notice, linked from the footer and beside the contact form."""
    return _clinic_page(context.get("request"), "privacy_page")


@register.simple_tag
def person_in_language(person: Person) -> Person:
    """`person` in the visitor's language, with their photo, once per content
    version and language (the home page's doctor cards)."""
    return memoize(
        "person",
        person.pk,
        active_locale().pk,
        compute=lambda: Person.objects.select_related("photo").get(
            pk=localize(person).pk
        ),
    )


@register.simple_tag
def profile_url(person: Person) -> str:
    """The URL of `person`'s profile in the visitor's language, or "" (once per
    content version and language: the home page's doctor cards link it)."""
    locale = active_locale()

    def compute():
        profile = DoctorPage.profile_of(person, locale.pk)
        return (profile.url or "") if profile else ""

    return memoize("profile-url", person.pk, locale.pk, compute=compute)


@register.simple_tag(takes_context=True)
def home_page(context) -> Page | None:
    request = context["request"]
    return _request_cache(request, "home_page", lambda: _home_page(request))


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[Page]:
    """The home page's live children marked "show in menus", in tree order."""
    request = context["request"]

    def compute():
        home = _home_page(request)
        if home is None:
            return []
        return memoize(
            "menu",
            home.pk,
            compute=lambda: list(
                home.get_children()
                .live()
                .filter(public_q())
                .in_menu()
                .specific(defer=True)
            ),
            in_process=True,
        )

    return _request_cache(request, "menu_pages", compute)


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    is_translation: bool  # False when it falls back to that language's home page


def _translations_by_language(page: Page) -> dict[str, Page]:
    # Plain Page rows with the columns of a URL: not an article's body (which
    # `get_translations()` would read, and the memo would then store), nor the
    # rest of Wagtail's columns (tests/test_listing_links.py: no row read twice).
    pages = (
        Page.objects.filter(translation_key=page.translation_key)
        .live()
        .filter(public_q())
        .only("url_path", "locale", "path", "depth", "translation_key")
    )
    codes = language_codes()
    return {codes[p.locale_id]: p for p in pages if p.locale_id in codes}


def _suffix_within(page: Page, request) -> str:
    """The part of the path below the page, e.g. `category/stem-cells/` on a route."""
    page_path = page.get_url(request) or ""
    if page_path and request.path.startswith(page_path):
        return request.path[len(page_path) :]
    return ""


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per language: the same page in it, else a page in that language
    saying it has no translation yet (home/views.py), never a 404.

    Pages not yet translated into a language are absent from it (no English
    served as Chinese). Views that are not pages (search) keep their path.
    """
    request = context["request"]

    def compute():
        current = get_language()
        page = context.get("page")
        links = []
        if isinstance(page, Page):
            # Under the translation key: one look-up for all of a page's languages.
            translations = memoize(
                "translations-by-language",
                page.translation_key,
                compute=lambda: _translations_by_language(page),
            )
            suffix = _suffix_within(page, request)
            # A listing's page N (blog/models.py): the same page in the languages
            # whose listing has it; the others link their listing's first page.
            query = (
                f"?{context['listing_query']}" if context.get("listing_query") else ""
            )
            with_page = context.get("listing_languages")
            for code, name in settings.LANGUAGES:
                if code in translations and (with_page is None or code in with_page):
                    url = translations[code].get_url(request) + suffix + query
                    is_translation = True
                elif code in translations:
                    url = translations[code].get_url(request) + suffix
                    is_translation = False
                else:
                    with translation.override(code):
                        url = f"{reverse('no_translation')}?from={page.pk}"
                    is_translation = False
                links.append(
                    LanguageLink(code, name, url, code == current, is_translation)
                )
        else:
            # A view that is no page (search): the same view in each language; on a
            # 404 (home/views.py), each language's home page.
            path = request.get_full_path()
            for code, name in settings.LANGUAGES:
                url = translate_url(path, code)
                found = code == current or not context.get("not_found")
                links.append(
                    LanguageLink(
                        code,
                        name,
                        url if found else f"/{code}/",
                        code == current,
                        found,
                    )
                )
        return links

    return _request_cache(request, "language_links", compute)


@register.simple_tag(takes_context=True)
def alternate_links(context) -> list[LanguageLink]:
    """hreflang alternates: only real translations, plus x-default (the source)."""
    request = context["request"]
    links = [
        LanguageLink(
            link.code, link.name, request.build_absolute_uri(link.url), False, True
        )
        for link in language_links(context)
        if link.is_translation
    ]
    default = next(
        (link for link in links if link.code == settings.LANGUAGE_CODE), None
    )
    if default:
        links.append(LanguageLink("x-default", default.name, default.url, False, True))
    return links


# --- Head tags, breadcrumbs and structured data --------------------------------

# OpenGraph wants territory-qualified locales.
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if url and url.startswith("/") else url


def _share_image_url(request, page) -> str:
    image = page.share_image() if hasattr(page, "share_image") else None
    url = images.url(image, "share")
    if not url:  # no image of its own, or its file is missing: the clinic's logo
        clinic = site_settings(ClinicSettings, request)
        url = images.url(clinic.logo if clinic else None, "share")
    return _absolute(request, url)


@register.simple_tag
def site_picture(image, role: str, **attrs):
    """`{% site_picture page.cover_image "card" sizes="…" alt="" %}`: Wagtail's
    `<picture>` of the image in one of home/images.py's roles, or nothing when the
    image cannot be shown (its file is missing)."""
    return images.picture(image, role, attrs)


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page, last=None) -> list[tuple[str, str]]:
    """(title, URL) from the home page down to `page`, then `last` if given (a
    listing below it: a category's articles): the visible trail and JSON-LD."""
    request = context["request"]
    if not isinstance(page, Page):
        return []
    if last:
        return [*breadcrumbs(context, page), tuple(last)]

    def compute():
        # Titles and URLs need no specific pages; the ancestors come from the memo,
        # under the parent's path: the same for every article of an index.
        ancestors = memoize(
            "ancestors",
            page.path[: -page.steplen],
            compute=lambda: list(page.get_ancestors().filter(depth__gte=2)),
            in_process=True,
        )
        return [(crumb.title, crumb.get_url(request)) for crumb in [*ancestors, page]]

    return _request_cache(request, f"breadcrumbs-{page.pk}", compute)


@register.inclusion_tag("includes/head_meta.html", takes_context=True)
def head_meta(context, title="", description=""):
    """Title, description, canonical URL, OpenGraph and Twitter tags for the page;
    `title` and `description` describe a view that is no page (search, 404)."""
    request = context["request"]
    page = context.get("page")
    language = get_language()
    text = site_text(context)
    meta = {
        "site_name": text.organisation_name if text else "",
        "request": request,
        "title": title,
        "description": description,
    }
    if isinstance(page, Page):
        # A listing's page (blog/models.py) names itself: `category/x/?page=2`.
        query = f"?{context['listing_query']}" if context.get("listing_query") else ""
        meta.update(
            title=context.get("meta_title")
            or getattr(page, "meta_title", page.seo_title or page.title),
            description=context.get("meta_description")
            or getattr(page, "meta_description", page.search_description),
            canonical=page.get_full_url(request)
            + _suffix_within(page, request)
            + query,
            image=_share_image_url(request, page),
            og_type=getattr(page, "og_type", "website"),
        )
    meta["og_locale"] = OG_LOCALES.get(language, language)
    meta["og_alternates"] = [
        OG_LOCALES.get(link.code, link.code)
        for link in alternate_links(context)
        if link.code not in (language, "x-default")
    ]
    return meta


@register.simple_tag(takes_context=True)
def clinic_json_ld(context):
    """MedicalClinic and WebSite for the home page, from the settings the page shows."""
    request = context["request"]
    page = context["page"]
    site = Site.find_for_request(request)
    clinic = site_settings(ClinicSettings, request)
    text = site_text(context)
    url = page.get_full_url(request)
    name = text.organisation_name if text else site.site_name
    logo = clinic.logo if clinic else None
    logo_url = _absolute(request, images.url(logo, "logo"))
    language = get_language()
    # The profiles Our Team lists, from the memo (home/models/pages.py).
    team = page.team_page() if hasattr(page, "team_page") else None
    doctors = team.get_profiles() if team else []
    return structured_data.json_ld_script(
        structured_data.clinic(
            name=name,
            url=url,
            language=language,
            clinic_settings=clinic,
            site_text=text,
            logo_url=logo_url,
            image_url=_share_image_url(request, page),
            doctor_urls=[doctor.get_full_url(request) for doctor in doctors],
        )
    ) + structured_data.json_ld_script(
        structured_data.website(
            name=name,
            url=url,
            language=language,
            search_url=request.build_absolute_uri(reverse("search")),
        )
    )


@register.simple_tag(takes_context=True)
def doctor_json_ld(context):
    """IndividualPhysician for a doctor's profile, a member of the clinic that the
    home page describes."""
    request = context["request"]
    page = context["page"]
    home = home_page(context)
    image = images.url(page.share_image(), "share")
    return structured_data.json_ld_script(
        structured_data.physician(
            page=page,
            person=page.shown_person(),
            url=page.get_full_url(request),
            home_url=home.get_full_url(request) if home else "",
            image_url=_absolute(request, image),
        )
    )


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, crumbs):
    request = context["request"]
    return structured_data.json_ld_script(
        structured_data.breadcrumb_list(
            [(title, _absolute(request, url)) for title, url in crumbs]
        )
    )
