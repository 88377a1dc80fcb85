"""Translation status (translations/): states, the sync on publish, the email, the
report, the dashboard panel and starting a missing translation, for every role."""

import datetime

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.signals import page_published
from wagtail_localize.models import TranslationSource

import pytest
from hypothesis import given

from blog.models import Category
from staff.roles import TRANSLATORS
from tests import roles_support as act
from tests.factories import CategoryFactory, StandardPageFactory
from tests.hostile import (
    HOSTILE,
    MARKUP_PAYLOADS,
    fresh_example,
    hostile_text,
    html_of,
    page_numbers,
)
from tests.i18n_utils import translate_fully
from tests.roles_support import (
    ANONYMOUS,
    ENQUIRIES_STAFF,
    MARKETER,
    ROLES,
    SUPERUSER,
    TRANSLATOR,
)
from translations.status import State, count_words, translation_status

REPORT = "translation_status"


@pytest.fixture
def world(home, zh, django_capture_on_commit_callbacks):
    world = act.World(home, zh, django_capture_on_commit_callbacks)
    world.about_zh  # noqa: B018 - About, translated and published in both languages
    return world


def row_of(page, rows=None):
    rows = translation_status() if rows is None else rows
    (row,) = [r for r in rows if r.is_page and r.source_pk == page.pk]
    return row


def publish_as(client, page, **changes):
    """A person's publish in the page editor."""
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        act.standard_page_form(page, **changes),
    )


def test_word_count_skips_markup_and_counts_chinese_characters():
    assert count_words('<a id="a1">Stem cells</a> repair knees.') == 4
    assert count_words("干细胞 therapy") == 4


def test_a_new_english_page_is_missing_at_once(world):
    new = StandardPageFactory(parent=world.home, title="Fees", slug="fees")
    row = row_of(new)
    assert (row.state, row.target_pk, row.edit_url) == (State.MISSING, None, None)
    assert row.translated_parent_pk == world.zh_home.pk
    assert row_of(world.about).state == State.UP_TO_DATE


def test_publishing_english_text_makes_the_chinese_outdated_not_changed(world):
    marketer = act.make_user(MARKETER)
    translator = world.translator  # lin@example.com
    act.make_user(TRANSLATOR).groups.clear()  # in no group: not told
    silent = act.make_user(SUPERUSER)
    silent.email = ""
    silent.save()
    client = act.client_for(marketer)
    chinese_before = act.live(world.about_zh).intro

    # A publish that changes no translatable text: still up to date, nobody told.
    next_year = timezone.localtime() + datetime.timedelta(days=365)
    with world.commit(execute=True):
        publish_as(client, world.about, expire_at=next_year.strftime("%Y-%m-%d %H:%M"))
    assert act.live(world.about).expire_at is not None
    assert row_of(world.about).state == State.UP_TO_DATE
    assert mail.outbox == []

    with world.commit(execute=True):
        publish_as(client, world.about, intro="Our clinic opened in 2012")
    row = row_of(world.about)
    assert row.state == State.OUTDATED
    assert (row.segments - row.translated, row.words_left) == (1, 5)
    assert act.live(world.about_zh).intro == chinese_before  # live Chinese kept

    (email,) = mail.outbox
    assert email.to == [translator.email]
    assert "About" in email.subject
    editor = "http://testserver" + reverse(
        "wagtailadmin_pages:edit", args=[row.target_pk]
    )
    assert editor in email.body

    # The translator translates the changed segment and publishes: up to date.
    translate_fully(world.about, world.zh)
    assert row_of(world.about).state == State.UP_TO_DATE
    assert act.live(world.about_zh).intro == "译 译 译 译 2012"


def test_the_editor_publish_syncs_after_its_response_not_during_it(world):
    # The sync costs as much as the publish: the marketer's click and the visitors'
    # new page must not wait for it, but it happens before the request is done.
    seen_during_publish = []

    def outdated_yet(sender, instance, **kwargs):
        seen_during_publish.append(row_of(world.about).state)

    page_published.connect(outdated_yet, dispatch_uid="test_outdated_yet")
    try:
        with world.commit(execute=True):
            publish_as(
                act.client_for(act.make_user(MARKETER)),
                world.about,
                intro="Our clinic opened in 2012",
            )
    finally:
        page_published.disconnect(dispatch_uid="test_outdated_yet")
    assert seen_during_publish == [State.UP_TO_DATE]
    assert row_of(world.about).state == State.OUTDATED


def test_a_publish_outside_a_request_syncs_at_once(world):
    world.about.intro = "Our clinic opened in 2012"
    world.about.save_revision().publish()  # as scheduled publishing or a shell does
    assert row_of(world.about).state == State.OUTDATED


def test_translated_but_not_yet_published_is_still_outdated(world):
    world.change_english_about()  # published by a superuser: synced
    source = TranslationSource.objects.get(object_id=world.about.translation_key)
    translation = source.translations.get()
    po = translation.export_po()
    for entry in po:
        entry.msgstr = "新"
    translation.import_po(po)
    row = row_of(world.about)
    assert (row.state, row.translated, row.words_left) == (
        State.OUTDATED,
        row.segments,
        0,
    )


def test_a_started_translation_is_in_progress(world):
    client = act.client_for(world.translator)
    new = StandardPageFactory(parent=world.home, title="Fees", slug="fees")
    response = client.post(start_url(new))
    chinese = new.get_translation(world.zh)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[chinese.pk])
    assert not chinese.live
    row = row_of(new)
    assert (row.state, row.translated) == (State.IN_PROGRESS, 0)
    assert row.words_left == 1 + 3  # "Fees", "A standard page."


def test_saving_an_english_snippet_outdates_its_translation(world, client):
    category = Category.objects.create(name="Stem Cells", slug="stem-cells")
    translate_fully(category, world.zh)
    marketer = act.make_user(MARKETER)
    client.force_login(marketer)
    url = reverse("wagtailsnippets_blog_category:edit", args=[category.pk])
    response = client.post(
        url,
        {"name": "Stem Cell Therapy", "slug": "stem-cells", "sort_order": "0"},
    )
    assert response.status_code == 302
    rows = translation_status()
    (row,) = [r for r in rows if r.model is Category and r.source_pk == category.pk]
    assert (row.type_key, row.state) == ("blog.category", State.OUTDATED)


# --- The report, the panel and the start button, for every role -------------------

SEES_REPORT = {ANONYMOUS: False, TRANSLATOR: True, MARKETER: True}
SEES_REPORT |= {ENQUIRIES_STAFF: False, SUPERUSER: True}


@pytest.mark.parametrize("role", ROLES)
def test_report_and_panel_by_role(role, world):
    StandardPageFactory(parent=world.home, title="Fees", slug="fees")
    client = act.client_for(act.make_user(role))
    for url in (reverse(REPORT), reverse("translation_status_results")):
        response = client.get(url)  # the page, and its results as filters refresh
        shown = response.status_code == 200 and "/fees/" in response.content.decode()
        assert shown is SEES_REPORT[role], url
    if role == ANONYMOUS:
        assert "/admin/login/" in response["Location"]
        return

    menu = client.get(reverse("wagtailadmin_home"))
    assert ("Translations status" in menu.content.decode()) is SEES_REPORT[role]
    has_panel = 'id="translation-status-section"' in menu.content.decode()
    assert has_panel is (role in (TRANSLATOR, SUPERUSER))


START_ALLOWED = {ANONYMOUS: False, TRANSLATOR: True, MARKETER: False}
START_ALLOWED |= {ENQUIRIES_STAFF: False, SUPERUSER: True}


def start_url(page, locale="zh-hans"):
    return reverse("translation_start", args=["home", "standardpage", page.pk, locale])


@pytest.mark.parametrize("role", ROLES)
def test_starting_a_missing_translation_by_role(role, world):
    new = StandardPageFactory(parent=world.home, title="Fees", slug="fees")
    client = act.client_for(act.make_user(role))
    report = client.get(reverse(REPORT), {"state": "missing"})
    client.post(start_url(new))
    started = new.get_translation_or_none(world.zh)
    assert (started is not None) is START_ALLOWED[role]
    if role != ANONYMOUS:
        offered = start_url(new) in report.content.decode()
        assert offered is START_ALLOWED[role]
    if started:
        assert not started.live  # a draft: nothing English is published as Chinese
    assert act.live(new).title == "Fees"  # the English page untouched


def test_start_needs_the_translated_parent_and_a_real_object(world, client):
    client.force_login(world.translator)
    section = StandardPageFactory(parent=world.home, title="Services", slug="svc")
    child = StandardPageFactory(parent=section, title="Knee", slug="knee")
    response = client.post(start_url(child), follow=True)
    assert "Translate the page “Services” first" in response.content.decode()
    assert child.get_translation_or_none(world.zh) is None

    assert client.get(start_url(section)).status_code == 405
    for bad in [
        reverse("translation_start", args=["home", "standardpage", 999999, "zh-hans"]),
        reverse("translation_start", args=["home", "standardpage", section.pk, "xx"]),
        reverse("translation_start", args=["home", "standardpage", section.pk, "en"]),
        reverse("translation_start", args=["auth", "user", 1, "zh-hans"]),
        reverse("translation_start", args=["nope", "nope", 1, "zh-hans"]),
        reverse(
            "translation_start",
            args=["home", "standardpage", world.about_zh.pk, "zh-hans"],
        ),
    ]:
        assert client.post(bad).status_code == 404, bad

    # An existing translation is opened, not made twice.
    response = client.post(start_url(world.about))
    editor = reverse("wagtailadmin_pages:edit", args=[world.about_zh.pk])
    assert response["Location"] == editor


def test_filters_and_sorting(world):
    client = act.client_for(act.make_user(SUPERUSER))
    StandardPageFactory(parent=world.home, title="Fees", slug="fees")
    url = reverse(REPORT)
    missing = client.get(url, {"state": "missing"}).content.decode()
    assert "/fees/" in missing and "/about/" not in missing
    by_type = client.get(url, {"type": "home.standardpage"}).content.decode()
    assert "Fees" in by_type and "/about/" in by_type
    assert "/about/" not in client.get(url, {"type": "blog.tag"}).content.decode()
    section = client.get(url, {"section": str(world.about.pk)}).content.decode()
    assert "/about/" in section and "/fees/" not in section
    oldest = client.get(url, {"ordering": "since"})
    assert oldest.status_code == 200


@HOSTILE
@given(value=hostile_text, page=page_numbers)
def test_hostile_filter_values_give_a_normal_page(world, value, page):
    client = act.client_for(world.translator)
    params = dict.fromkeys(("state", "type", "section", "locale", "ordering"), value)
    with fresh_example():
        response = client.get(reverse(REPORT), {**params, "p": page})
    assert response.status_code == 200
    html = html_of(response)
    assert "/about/" in html  # a bad filter is ignored, nothing filtered away
    # The admin has inline scripts of its own: look for the payloads themselves.
    assert not [p for p in MARKUP_PAYLOADS if "<" in p and p in html]


def report_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(REPORT)).status_code == 200
    return len(queries)


def test_report_queries_do_not_grow_with_pages_or_snippets(world):
    client = act.client_for(act.make_user(TRANSLATOR))
    report_queries(client)  # once to fill the caches (content types, user profile)
    before = report_queries(client)
    for n in range(12):
        page = StandardPageFactory(parent=world.home, title=f"Page {n}", slug=f"p{n}")
        if n % 2:
            translate_fully(page, world.zh)
    for n in range(3):
        category = CategoryFactory(name=f"Category {n}", slug=f"c{n}")
        translate_fully(category, world.zh)
    after = report_queries(client)
    print(f"report queries: {before} with 2 pages, {after} with 14 and 3 more")  # noqa: T201
    assert after == before


def test_pagination_keeps_the_filters(world):
    for n in range(55):
        StandardPageFactory(parent=world.home, title=f"Page {n}", slug=f"p{n}")
    client = act.client_for(act.make_user(TRANSLATOR))
    first = client.get(reverse(REPORT), {"state": "missing"}).content.decode()
    second = client.get(reverse(REPORT), {"state": "missing", "p": "2"})
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second.content.decode()


def test_translators_without_an_email_address_get_no_mail(world):
    world.translator  # noqa: B018
    get_user_model().objects.filter(groups__name=TRANSLATORS).update(email="")
    with world.commit(execute=True):
        world.change_english_about()
    assert row_of(world.about).state == State.OUTDATED
    assert mail.outbox == []


def test_standard_pages_section_is_their_top_level_page(world):
    child = StandardPageFactory(parent=world.about, title="Team", slug="team")
    row = row_of(child)
    assert row.section.pk == world.about.pk
    assert row.path == "/about/team/"


def test_the_dashboard_panel_leads_to_what_waits(world):
    world.change_english_about()
    StandardPageFactory(parent=world.home, title="Fees", slug="fees")
    client = act.client_for(world.translator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index('id="translation-status-section"') :]
    editor = reverse("wagtailadmin_pages:edit", args=[world.about_zh.pk])
    assert f'href="{editor}"' in panel  # the outdated About: one click to its editor
    assert f'href="{reverse(REPORT)}?state=missing">Fees' in panel
    assert f'href="{reverse(REPORT)}?state=outdated">Outdated: <strong>1<' in panel


def test_a_translator_starts_a_snippet_translation(world):
    category = CategoryFactory(name="Stem Cells", slug="stem-cells")
    client = act.client_for(world.translator)
    url = reverse(
        "translation_start", args=["blog", "category", category.pk, "zh-hans"]
    )
    response = client.post(url)
    chinese = category.get_translation(world.zh)
    edit = reverse("wagtailsnippets_blog_category:edit", args=[chinese.pk])
    assert response["Location"] == edit
    assert client.get(edit).status_code == 200  # wagtail-localize's editor
    assert Category.objects.get(pk=category.pk).name == "Stem Cells"
