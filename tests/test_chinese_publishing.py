"""Publishing a Chinese page needs publish permission on it, whatever the route.

Found: a Marketers user edited an English page, then posted wagtail-localize's
"update translations" form with "publish translations" ticked, and the Chinese
page went live with the English change, attributed to the marketer. The other
routes are cells of tests/test_roles_matrix.py; here, the reproduction and the
rule below the views (home/publishing.py).
"""

import datetime
import io
from unittest import mock

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import PageLogEntry, Revision
from wagtail_localize.models import StringSegment, Translation, TranslationSource

import pytest
from bs4 import BeautifulSoup

from tests.roles_support import (
    MARKETER,
    NEW_WORDS,
    NEW_WORDS_ZH,
    SUPERUSER,
    TRANSLATOR,
    World,
    client_for,
    live,
    make_user,
    standard_page_form,
)


@pytest.fixture
def world(home, zh, django_capture_on_commit_callbacks):
    world = World(home, zh, django_capture_on_commit_callbacks)
    world.about_zh  # noqa: B018 - English and Chinese "About", both live
    return world


def sync_url(world) -> str:
    source = TranslationSource.objects.get(object_id=world.about.translation_key)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def publish_checkbox(response):
    form = BeautifulSoup(response.content, "html.parser").find("form", method="POST")
    return form.find(
        "input", attrs={"name": "publish_translations", "type": "checkbox"}
    )


def test_a_marketer_syncing_with_publish_ticked_leaves_the_chinese_page_alone(world):
    marketer = make_user(MARKETER)
    client = client_for(marketer)
    chinese_before = live(world.about_zh)

    # The marketer edits the English page and publishes it: theirs to do.
    edit = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.about.pk]),
        standard_page_form(world.about, intro=NEW_WORDS),
    )
    assert edit.status_code == 302
    assert world.english_published()

    # The sync form does not offer to publish the translations…
    form = client.get(sync_url(world))
    assert form.status_code == 200
    assert publish_checkbox(form) is None
    assert "Translators publish them" in form.content.decode()

    # …and ticking it anyway syncs without publishing.
    with world.commit(execute=True) as callbacks:
        response = client.post(sync_url(world), {"publish_translations": "on"})
    assert response.status_code == 302
    assert callbacks == []  # nothing waits to publish on commit
    chinese = live(world.about_zh)
    assert chinese.intro == chinese_before.intro
    assert chinese.live_revision_id == chinese_before.live_revision_id
    assert not Revision.page_revisions.filter(
        object_id=str(chinese.pk), user=marketer
    ).exists()
    assert not PageLogEntry.objects.filter(page=chinese, user=marketer).exists()
    # The sync itself happened: the new English words wait for the translators.
    source = TranslationSource.objects.get(object_id=world.about.translation_key)
    assert StringSegment.objects.filter(source=source, string__data=NEW_WORDS).exists()


def test_a_superuser_is_offered_publish_and_publishes_the_translation(world):
    client = client_for(make_user(SUPERUSER))
    world.change_english_about()
    assert publish_checkbox(client.get(sync_url(world))) is not None
    with world.commit(execute=True):
        response = client.post(sync_url(world), {"publish_translations": "on"})
    assert response.status_code == 302
    assert world.chinese_published()


def translation_of(world) -> Translation:
    return Translation.objects.get(
        source__object_id=world.about.translation_key, target_locale=world.zh
    )


@pytest.mark.parametrize("publish", [True, False])
def test_wagtail_localize_cannot_change_a_live_chinese_page_for_a_marketer(
    world, publish
):
    """Whatever view calls it, Translation.save_target(user, publish) writes the
    live Chinese page and publishes it on commit with no user."""
    world.change_english_about()
    translation = translation_of(world)
    translation.source.update_from_db()
    before = live(world.about_zh)
    with pytest.raises(PermissionDenied), world.commit(execute=True) as callbacks:
        translation.save_target(user=make_user(MARKETER), publish=publish)
    assert callbacks == []
    after = live(world.about_zh)
    assert (after.intro, after.latest_revision_id) == (
        before.intro,
        before.latest_revision_id,
    )


def test_wagtail_localize_publishes_for_a_translator(world):
    world.change_english_about()
    translation = translation_of(world)
    translation.source.update_from_db()
    with world.commit(execute=True):
        translation.save_target(user=make_user(TRANSLATOR), publish=True)
    assert world.chinese_published()


def test_a_marketer_cannot_approve_a_chinese_revision_for_later(world):
    page = world.about_zh
    page.intro = NEW_WORDS_ZH
    with pytest.raises(PublishPagePermissionError):
        page.save_revision(
            user=make_user(MARKETER),
            approved_go_live_at=timezone.now() + datetime.timedelta(hours=1),
        )


def test_a_marketers_revision_cannot_be_scheduled_or_published(world):
    """A draft by a marketer (of a Chinese page not yet live, so theirs to sync)
    published with no user, as wagtail-localize does on commit."""
    marketer = make_user(MARKETER)
    page = world.about_zh
    page.unpublish()
    page = live(page)
    page.intro = NEW_WORDS_ZH
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision(user=marketer)
    with pytest.raises(PublishPagePermissionError):
        revision.publish()  # as wagtail-localize does, on commit
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None  # so publish_scheduled ignores it
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=io.StringIO())
    assert not world.chinese_published()


def test_publish_scheduled_publishes_what_a_translator_scheduled(world):
    translator = make_user(TRANSLATOR)
    page = world.about_zh
    page.intro = NEW_WORDS_ZH
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision(user=translator).publish(user=translator)
    assert not world.chinese_published()  # scheduled, not yet live

    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=io.StringIO())
    assert world.chinese_published()


def test_code_without_a_user_still_publishes(world):
    """Demo content, imports and tests save revisions without a user: the site
    publishing its own content is not a person lacking permission."""
    page = world.about_zh
    page.intro = NEW_WORDS_ZH
    page.save_revision().publish()
    assert world.chinese_published()
