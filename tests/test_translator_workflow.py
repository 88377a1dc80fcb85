"""A translator's day in the admin: editor, sync, PO round trip, the role's limits."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.rich_text import RichText
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import polib
import pytest

from blog.models import ArticlePage
from staff.roles import MARKETERS, TRANSLATORS, ensure_roles
from tests.factories import ArticlePageFactory, CategoryFactory
from tests.i18n_utils import translate_fully


@pytest.fixture
def zh_article(home, blog_index, zh):
    article = ArticlePageFactory(
        parent=blog_index,
        slug="knee",
        body=[
            (
                "heading",
                {"text": "How stem cells help", "level": "h2", "anchor": "how"},
            ),
            ("paragraph", RichText("<p>Cartilage repair takes time.</p>")),
        ],
    )
    translate_fully(home, zh)
    translate_fully(blog_index, zh)
    translate_fully(article, zh)
    return article, article.get_translation(zh)


def make_user(name, group_name):
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw")
    marketers, translators = ensure_roles()
    user.groups.add(marketers if group_name == MARKETERS else translators)
    return user


def test_sync_marks_only_the_changed_segment_untranslated(
    zh_article, zh, client, admin_user
):
    article, chinese = zh_article
    translation = Translation.objects.get(
        source__object_id=article.translation_key, target_locale=zh
    )
    assert translation.get_progress() == (4, 4)  # title, excerpt, heading, paragraph

    # A marketer edits one paragraph in place (block ids survive) and syncs.
    article.body[1].value = RichText("<p>Cartilage repair takes months.</p>")
    article.save_revision().publish()
    source = TranslationSource.objects.get(object_id=article.translation_key)
    source.update_from_db()

    total, done = translation.get_progress()
    assert (total, done) == (4, 3)
    untranslated = [
        segment.string.data
        for segment in source.stringsegment_set.select_related("string")
        if not StringTranslation.objects.filter(
            translation_of=segment.string, locale=zh
        ).exists()
    ]
    assert untranslated == ["Cartilage repair takes months."]

    # the translator's editor opens for the Chinese page
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[chinese.pk]))
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [
        t.name for t in response.templates
    ]


def test_po_download_edit_upload_round_trip(zh_article, zh, client):
    article, chinese = zh_article
    translator = make_user("lin", TRANSLATORS)
    client.force_login(translator)
    translation = Translation.objects.get(
        source__object_id=article.translation_key, target_locale=zh
    )

    download = client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    entry = next(e for e in po if e.msgid == "How stem cells help")
    entry.msgstr = "干细胞如何起作用"

    upload = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("knee.po", str(po).encode()), "next": "/admin/"},
    )
    assert upload.status_code == 302
    translation.save_target(publish=True)
    chinese.refresh_from_db()
    assert chinese.specific.body[0].value["text"] == "干细胞如何起作用"


def test_machine_translation_uses_the_configured_backend(
    zh_article, zh, client, admin_user
):
    article, _chinese = zh_article
    translation = Translation.objects.get(
        source__object_id=article.translation_key, target_locale=zh
    )
    StringTranslation.objects.filter(locale=zh).delete()
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        {"next": "/admin/"},
    )
    assert response.status_code == 302
    assert translation.get_progress() == (4, 4)


def test_translator_cannot_edit_english_pages_settings_or_users(zh_article, client):
    article, chinese = zh_article
    client.force_login(make_user("lin", TRANSLATORS))
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[chinese.pk])).status_code
        == 200
    )
    english_edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert english_edit.status_code in (302, 403)
    assert client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]), {"title": "x"}
    ).status_code in (302, 403)
    assert ArticlePage.objects.get(pk=article.pk).title == article.title
    settings_url = reverse("wagtailsettings:edit", args=["home", "clinicsettings"])
    assert client.get(settings_url).status_code in (302, 403)
    assert client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)


def test_translator_cannot_edit_english_snippets(zh_article, zh, client):
    category = CategoryFactory(name="Stem Cells", slug="stem-cells")
    chinese = translate_fully(category, zh)
    client.force_login(make_user("lin", TRANSLATORS))
    edit = "wagtailsnippets_blog_category:edit"
    assert client.get(reverse(edit, args=[chinese.pk])).status_code == 200
    refused = client.get(reverse(edit, args=[category.pk]))
    assert refused.status_code == 302


def test_marketer_edits_english_and_settings_but_not_chinese_or_users(
    zh_article, client
):
    article, chinese = zh_article
    client.force_login(make_user("mia", MARKETERS))
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).status_code
        == 200
    )
    assert client.get(
        reverse("wagtailadmin_pages:edit", args=[chinese.pk])
    ).status_code in (302, 403)
    settings_page = client.get(
        reverse("wagtailsettings:edit", args=["home", "clinicsettings"]), follow=True
    )
    assert settings_page.status_code == 200
    assert "wagtailsettings/edit.html" in [t.name for t in settings_page.templates]
    assert client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)


def test_anonymous_visitors_are_kept_out_of_the_admin(client, home):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
