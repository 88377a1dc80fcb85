"""The staff roles and what each may touch.

Marketers edit and publish the English tree, settings and snippets, and submit
pages for translation (syncing never publishes a translation for them: only
those with publish permission on a page publish it, see home/publishing.py).
Translators edit and publish only the Chinese tree and snippet translations (the
English snippets are refused by a hook in wagtail_hooks.py, as the Chinese ones
are to Marketers: saving a snippet is publishing it). Enquiries (the
clinic staff who answer patients) read, export and delete the contact form's
submissions in both languages, under Forms, record and answer patients' PDPA
requests, and edit no pages. Only Enquiries and superusers see enquiries.
Compliance approvers may allow a page's blocking advertising findings with a
reason (content_checks/: the only thing that lets such a page be published); they
edit no pages, so add the person to an editorial group too if they also edit.
Medical reviewers (the clinic's doctors) edit the articles of every language
(`change` on each Insights index, so English and Chinese alike) to mark them
reviewed (and so could save a draft of the index page itself: Wagtail's page
permissions cover a page and its subtree); they neither add nor publish pages: a
review they mark is a draft revision that the page's publishers put live
(blog/review_admin.py). None
administers users.

`ensure_roles()` is idempotent; `manage.py setup_roles` (run by `make run` and the
demo content) calls it, so the page permissions follow the Chinese home page once
it exists.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
)

from home.models import HomePage

MARKETERS = "Marketers"
TRANSLATORS = "Translators"
ENQUIRIES = "Enquiries"
COMPLIANCE_APPROVERS = "Compliance approvers"
MEDICAL_REVIEWERS = "Medical reviewers"

# What Forms asks of a user (enquiries/permissions.py): nothing else in the admin.
ENQUIRIES_PERMISSIONS = ["view_contactsubmission", "delete_contactsubmission"]

PAGE_PERMISSIONS = {
    MARKETERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    TRANSLATORS: ["add_page", "change_page", "publish_page"],
    # Editing an article is what marking it reviewed needs (a new revision).
    MEDICAL_REVIEWERS: ["change_page"],
}
SNIPPET_MODELS = ["home.sitetext", "home.person", "blog.category", "blog.tag"]
# The translation glossary (translations/): both editorial roles keep it.
GLOSSARY_PERMISSIONS = [
    "add_glossaryterm",
    "change_glossaryterm",
    "delete_glossaryterm",
]
# The advertising term list the content checks use (content_checks/): both editorial
# roles extend it, each for its language.
ADVERTISING_TERM_PERMISSIONS = [
    "add_advertisingterm",
    "change_advertisingterm",
    "delete_advertisingterm",
]
COLLECTION_PERMISSIONS = {
    MARKETERS: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    TRANSLATORS: ["choose_image", "choose_document"],
}


def _permissions(
    codenames: list[str], app_label: str | None = None
) -> list[Permission]:
    queryset = Permission.objects.filter(codename__in=codenames)
    if app_label:
        queryset = queryset.filter(content_type__app_label=app_label)
    return list(queryset)


def _model_permissions(actions: list[str]) -> list[Permission]:
    perms = []
    for model in SNIPPET_MODELS:
        app_label, model_name = model.split(".")
        perms += _permissions(
            [f"{action}_{model_name}" for action in actions], app_label
        )
    return perms


def _grant_pages(group: Group, pages, codenames: list[str]) -> None:
    for page in pages:
        for permission in _permissions(codenames, "wagtailcore"):
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )


def _grant_collections(group: Group, codenames: list[str]) -> None:
    root = Collection.get_first_root_node()
    for permission in _permissions(codenames):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def ensure_roles() -> tuple[Group, Group]:
    """Create or update every role; return the editorial ones (Marketers,
    Translators). The others are `Group.objects.get(name=ENQUIRIES)` and
    `Group.objects.get(name=COMPLIANCE_APPROVERS)`."""
    source = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    homes = HomePage.objects.all()

    marketers, _ = Group.objects.get_or_create(name=MARKETERS)
    marketers.permissions.add(
        *_permissions(["access_admin"], "wagtailadmin"),
        *_permissions(["submit_translation"], "wagtail_localize"),
        *_permissions(["change_clinicsettings"], "home"),
        *_model_permissions(["add", "change", "delete"]),
        # Search: promoted results, and the report of searches that found nothing.
        *_permissions(
            ["add_searchpromotion", "change_searchpromotion", "delete_searchpromotion"],
            "wagtailsearchpromotions",
        ),
        *_permissions(["view_dailysearchcount"], "search"),
        # Which pages bring consultations (consultations/reports.py).
        *_permissions(["view_dailyconsultationcount"], "consultations"),
        *_permissions(GLOSSARY_PERMISSIONS, "translations"),
        *_permissions(ADVERTISING_TERM_PERMISSIONS, "content_checks"),
    )
    _grant_pages(marketers, homes.filter(locale=source), PAGE_PERMISSIONS[MARKETERS])
    _grant_collections(marketers, COLLECTION_PERMISSIONS[MARKETERS])

    translators, _ = Group.objects.get_or_create(name=TRANSLATORS)
    translators.permissions.add(
        *_permissions(["access_admin"], "wagtailadmin"),
        *_model_permissions(["change"]),
        *_permissions(GLOSSARY_PERMISSIONS, "translations"),
        *_permissions(ADVERTISING_TERM_PERMISSIONS, "content_checks"),
    )
    _grant_pages(
        translators, homes.exclude(locale=source), PAGE_PERMISSIONS[TRANSLATORS]
    )
    _grant_collections(translators, COLLECTION_PERMISSIONS[TRANSLATORS])

    # Clinic staff who answer patients: enquiries under Forms, and their PDPA
    # requests (enquiries/request_views.py). Not delete for requests: a request is
    # the clinic's record of having answered it.
    enquiries, _ = Group.objects.get_or_create(name=ENQUIRIES)
    enquiries.permissions.add(
        *_permissions(["access_admin"], "wagtailadmin"),
        *_permissions(ENQUIRIES_PERMISSIONS, "enquiries"),
        *_permissions(
            ["add_datarequest", "change_datarequest", "view_datarequest"], "enquiries"
        ),
    )

    # Whoever answers for the clinic's advertising (content_checks/guard.py).
    approvers, _ = Group.objects.get_or_create(name=COMPLIANCE_APPROVERS)
    approvers.permissions.add(
        *_permissions(["access_admin"], "wagtailadmin"),
        *_permissions(["approve_compliance_override"], "content_checks"),
    )

    reviewers, _ = Group.objects.get_or_create(name=MEDICAL_REVIEWERS)
    reviewers.permissions.add(*_permissions(["access_admin"], "wagtailadmin"))
    # Looked up by name: staff names no domain app in its imports.
    insights = apps.get_model("blog", "BlogIndexPage").objects.all()
    _grant_pages(reviewers, insights, PAGE_PERMISSIONS[MEDICAL_REVIEWERS])
    return marketers, translators


def is_marketer_only(user) -> bool:
    """A marketer who is not also a translator or superuser."""
    if user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return MARKETERS in names and TRANSLATORS not in names


def is_translator_only(user) -> bool:
    """A translator who is not also a marketer or superuser."""
    if user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return TRANSLATORS in names and MARKETERS not in names
