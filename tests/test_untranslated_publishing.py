"""Nothing untranslated is published as Chinese, by any route (home/publishing.py,
translations/).

Found: "Publish in 中文" with one segment untranslated said "Published … with
missing translations" and the live Chinese page showed the English words. Here
the English "About" page gets new words, "Sync translated pages" gives its Chinese
translation one untranslated segment, and each way of publishing the Chinese page
is tried: each is refused with a message naming how many segments are missing,
and the live Chinese page stays exactly as it was.
"""

import datetime
import io
from unittest import mock

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import polib
import pytest

from blog.snippets import Category
from home.publishing import UntranslatedSegmentsError
from tests.i18n_utils import translate_fully
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

MISSING_ONE = "1 segment is not translated yet"


@pytest.fixture
def world(home, zh, django_capture_on_commit_callbacks):
    world = World(home, zh, django_capture_on_commit_callbacks, role=TRANSLATOR)
    world.about_zh  # noqa: B018 - English and Chinese "About", both live
    return world


def sync_untranslated(world) -> None:
    """The English page gets new words nobody has translated, and is synced."""
    world.change_english_about(translated=False)
    source = TranslationSource.objects.get(object_id=world.about.translation_key)
    source.update_from_db()
    assert translation_of(world).get_progress() == (2, 1)  # title, intro


def translation_of(world) -> Translation:
    return Translation.objects.get(
        source__object_id=world.about.translation_key, target_locale=world.zh
    )


def translate_new_words(world) -> None:
    """What the translator types in the editor for the untranslated segment."""
    translation = translation_of(world)
    po = translation.export_po()
    next(entry for entry in po if entry.msgid == NEW_WORDS).msgstr = NEW_WORDS_ZH
    translation.import_po(po)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def chinese_state(world) -> tuple:
    """What visitors see, and what the page's history says."""
    page = live(world.about_zh)
    return page.live, page.intro, page.live_revision_id, page.latest_revision_id


def editor_url(world) -> str:
    return reverse("wagtailadmin_pages:edit", args=[world.about_zh.pk])


# --- wagtail-localize's editor: "Publish in 中文" ------------------------------------


@pytest.mark.parametrize("role", [TRANSLATOR, SUPERUSER])
def test_publish_in_the_translation_editor_is_refused_then_allowed(world, role):
    client = client_for(make_user(role))
    sync_untranslated(world)
    before = chinese_state(world)

    with world.commit(execute=True) as callbacks:
        response = client.post(editor_url(world), {"action": "publish"})
    assert response.status_code == 302
    assert response["Location"] == editor_url(world)
    assert callbacks == []
    (message,) = messages_of(response)
    assert MISSING_ONE in message and "中文" in message
    assert chinese_state(world) == before
    assert not world.english_shown_as_chinese()

    translate_new_words(world)
    with world.commit(execute=True):
        response = client.post(editor_url(world), {"action": "publish"})
    assert world.chinese_published()
    published = messages_of(response)[-1]  # after the refusal, unread here
    assert published.startswith("Published") and "missing" not in published


def test_the_message_is_in_the_translators_language(world):
    translator = make_user(TRANSLATOR)
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "zh-hans"
    profile.save()
    sync_untranslated(world)
    response = client_for(translator).post(editor_url(world), {"action": "publish"})
    (message,) = messages_of(response)
    assert "还有 1 个片段未翻译" in message
    assert "segment" not in message


def test_po_upload_then_publish(world):
    client = client_for(make_user(TRANSLATOR))
    sync_untranslated(world)
    translation = translation_of(world)
    before = chinese_state(world)

    def upload(po) -> None:
        response = client.post(
            reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
            {"file": SimpleUploadedFile("about.po", str(po).encode()), "next": "/"},
        )
        assert response.status_code == 302

    po = polib.pofile(
        client.get(
            reverse("wagtail_localize:download_pofile", args=[translation.pk])
        ).content.decode()
    )
    upload(po)  # the new words still blank
    with world.commit(execute=True):
        response = client.post(editor_url(world), {"action": "publish"})
    assert MISSING_ONE in messages_of(response)[-1]
    assert chinese_state(world) == before

    next(entry for entry in po if entry.msgid == NEW_WORDS).msgstr = NEW_WORDS_ZH
    upload(po)
    with world.commit(execute=True):
        client.post(editor_url(world), {"action": "publish"})
    assert world.chinese_published()


def test_wagtails_own_editor_form_does_not_publish_a_synced_translation(world):
    """Posting Wagtail's page form at the synced page reaches wagtail-localize's
    editor, which publishes only on its own "publish" action."""
    client = client_for(make_user(TRANSLATOR))
    sync_untranslated(world)
    before = chinese_state(world)
    with world.commit(execute=True):
        client.post(
            editor_url(world), standard_page_form(world.about_zh, intro=NEW_WORDS)
        )
    assert chinese_state(world) == before


# --- "Sync translated pages" with "Publish immediately" ----------------------------


def test_sync_and_publish_publishes_only_complete_translations(world):
    client = client_for(make_user(SUPERUSER))
    before = chinese_state(world)
    world.change_english_about(translated=False)
    source = TranslationSource.objects.get(object_id=world.about.translation_key)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])

    with world.commit(execute=True) as callbacks:
        response = client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    assert callbacks == []
    assert translation_of(world).get_progress() == (2, 1)  # synced all the same
    assert any(MISSING_ONE in message for message in messages_of(response))
    assert chinese_state(world) == before

    translate_new_words(world)
    with world.commit(execute=True):
        client.post(url, {"publish_translations": "on"})
    assert world.chinese_published()


# --- Bulk actions, workflows, scheduled publishing ---------------------------------


def test_bulk_publish_leaves_out_pages_with_untranslated_segments(world):
    translator = make_user(TRANSLATOR)
    client = client_for(translator)
    world.chinese_draft(translator)  # a draft, before the English changed
    sync_untranslated(world)
    before = chinese_state(world)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    url = f"{url}?id={world.about_zh.pk}"

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert MISSING_ONE in confirm.content.decode()
    assert "Yes, publish" not in confirm.content.decode()
    client.post(url, {"include_descendants": ""})
    assert chinese_state(world) == before

    translate_new_words(world)
    assert MISSING_ONE not in client.get(url).content.decode()


def test_bulk_publish_of_a_parent_leaves_untranslated_subpages_unchanged(world):
    """With "Include subpages", draft descendants are published too; one with an
    untranslated segment rolls the whole action back and says why."""
    client = client_for(make_user(SUPERUSER))
    world.about_zh.unpublish()
    sync_untranslated(world)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    response = client.post(
        f"{url}?id={world.zh_home.pk}",
        {"include_descendants": "on"},
        HTTP_REFERER="http://testserver/admin/",
    )
    assert response.status_code == 302
    assert any(MISSING_ONE in message for message in messages_of(response))
    assert not live(world.about_zh).live


def test_approving_a_workflow_is_refused_and_rolled_back(world):
    translator = make_user(TRANSLATOR)
    task_state = world.chinese_review()
    sync_untranslated(world)
    before = chinese_state(world)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[world.about_zh.pk, "approve", task_state.pk],
    )
    response = client_for(translator).post(
        url, {}, HTTP_REFERER=f"http://testserver{editor_url(world)}"
    )
    assert response.status_code == 302
    assert any(MISSING_ONE in message for message in messages_of(response))
    assert chinese_state(world) == before
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_scheduling_is_refused_and_what_was_scheduled_complete_goes_live(world):
    translator = make_user(TRANSLATOR)
    in_an_hour = timezone.now() + datetime.timedelta(hours=1)

    # Scheduled while complete: goes live on time, even though the English page
    # changed in between (the revision holds no English: it was checked then).
    page = world.about_zh
    page.intro = NEW_WORDS_ZH
    page.go_live_at = in_an_hour
    page.save_revision(user=translator).publish(user=translator)
    sync_untranslated(world)
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=io.StringIO())
    assert world.chinese_published()

    # Scheduling now, with a segment missing, is refused.
    page = live(world.about_zh)
    with pytest.raises(UntranslatedSegmentsError):
        page.save_revision(user=translator, approved_go_live_at=in_an_hour)


# --- Code that publishes without a person ------------------------------------------


def test_code_cannot_publish_untranslated_segments(world):
    sync_untranslated(world)
    before = chinese_state(world)
    translation = translation_of(world)
    with pytest.raises(UntranslatedSegmentsError), world.commit(execute=True):
        translation.save_target(publish=True)  # writes the live row first
    with pytest.raises(UntranslatedSegmentsError):
        live(world.about_zh).get_latest_revision().publish()
    assert chinese_state(world) == before


def test_a_translation_edited_by_hand_is_not_held_to_segments(world):
    """After "Stop synced translation": Wagtail's editor, no segments to count."""
    translator = make_user(TRANSLATOR)
    sync_untranslated(world)
    Translation.objects.filter(pk=translation_of(world).pk).update(enabled=False)
    client_for(translator).post(
        editor_url(world), standard_page_form(world.about_zh, intro=NEW_WORDS_ZH)
    )
    assert world.chinese_published()


def test_a_translation_is_never_turned_into_an_alias_of_the_english_page(world):
    """wagtail-localize's "Convert to alias page" would serve the English page's
    content under /zh-hans/."""
    client = client_for(make_user(TRANSLATOR))
    Translation.objects.filter(pk=translation_of(world).pk).update(enabled=False)
    editor = client.get(editor_url(world))
    assert editor.status_code == 200
    assert "localize-convert-to-alias" not in editor.content.decode()
    before = chinese_state(world)

    url = reverse("wagtail_localize:convert_to_alias", args=[world.about_zh.pk])
    response = client.post(url)
    assert response["Location"] == editor_url(world)
    (message,) = messages_of(response)
    assert "visitors would read English" in message
    assert live(world.about_zh).alias_of_id is None
    assert chinese_state(world) == before


# --- Snippets ----------------------------------------------------------------------


@pytest.fixture
def category(world):
    english = Category.objects.create(name="Stem cells", slug="stem-cells")
    chinese = translate_fully(english, world.zh)
    english.name = "Stem cell therapy"
    english.save()
    TranslationSource.objects.get(object_id=english.translation_key).update_from_db()
    return english, chinese


def test_a_chinese_snippet_is_not_saved_with_an_untranslated_segment(category):
    english, chinese = category
    url = reverse("wagtailsnippets_blog_category:edit", args=[chinese.pk])
    response = client_for(make_user(TRANSLATOR)).post(url, {"action": "publish"})
    assert response.status_code == 302
    (message,) = messages_of(response)
    assert MISSING_ONE in message
    assert Category.objects.get(pk=chinese.pk).name == chinese.name

    translation = Translation.objects.get(source__object_id=english.translation_key)
    with pytest.raises(ValidationError):
        translation.save_target(publish=True)  # code: the model refuses too
    assert Category.objects.get(pk=chinese.pk).name == chinese.name

    StringTranslation.objects.filter(locale=chinese.locale).update(has_error=False)
    po = translation.export_po()
    next(e for e in po if e.msgid == "Stem cell therapy").msgstr = "干细胞疗法"
    translation.import_po(po)
    translation.save_target(publish=True)
    assert Category.objects.get(pk=chinese.pk).name == "干细胞疗法"


def test_a_marketer_cannot_publish_a_chinese_snippet(category):
    _english, chinese = category
    url = reverse("wagtailsnippets_blog_category:edit", args=[chinese.pk])
    client_for(make_user(MARKETER)).post(url, {"action": "publish"})
    assert Category.objects.get(pk=chinese.pk).name == chinese.name
