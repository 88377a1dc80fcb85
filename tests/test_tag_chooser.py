"""Tags in the article editor: typed, found as you type, created inline, and still
translatable snippets (blog/tag_chooser.py)."""

from django.contrib.auth.models import Group

import pytest

from blog.models import ArticlePage, Tag
from tests.factories import ArticlePageFactory, TagFactory
from tests.roles_support import MARKETER, article_page_form, client_for, make_user


@pytest.fixture
def article(blog_index):
    page = ArticlePageFactory(parent=blog_index, title="Knee care")
    page.save_revision().publish()
    return page


@pytest.fixture
def marketer(home):  # after the home page: the role's permissions are on it
    return client_for(make_user(MARKETER))


def save(client, article, tags: str):
    return client.post(
        f"/admin/pages/{article.pk}/edit/",
        article_page_form(article, tags=tags),
        follow=True,
    )


def tag_names(article) -> list[str]:
    revision = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    return sorted(tag.name for tag in revision.tags.all())


def test_the_editor_shows_chosen_tags_by_name_and_searches_the_tag_snippets(
    marketer, article
):
    article.tags.add(TagFactory(name="Stem cells", slug="stem-cells"))
    article.save_revision().publish()
    html = marketer.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert 'data-controller="w-tag"' in html
    assert 'data-w-tag-url-value="/admin/tags/autocomplete/"' in html
    assert 'value="&quot;Stem cells&quot;"' in html


def test_typing_finds_source_language_tags_only(marketer, zh, en):
    knee = TagFactory(name="Knee pain", slug="knee-pain")
    TagFactory(
        name="膝盖疼痛",
        slug="knee-pain",
        locale=zh,
        translation_key=knee.translation_key,
    )
    TagFactory(name="Back", slug="back")
    assert marketer.get("/admin/tags/autocomplete/", {"term": "KNEE"}).json() == [
        "Knee pain"
    ]
    assert marketer.get("/admin/tags/autocomplete/", {"term": "膝"}).json() == []
    assert marketer.get("/admin/tags/autocomplete/", {"term": " "}).json() == []
    long = marketer.get("/admin/tags/autocomplete/", {"term": "<b>\x00" * 3000})
    assert long.status_code == 200 and long.json() == []


def test_anonymous_visitors_get_no_tag_names(client, en):
    TagFactory(name="Knee pain", slug="knee-pain")
    response = client.get("/admin/tags/autocomplete/", {"term": "Knee"})
    assert response.status_code == 302
    assert b"Knee" not in response.content


def test_a_new_name_becomes_an_english_tag_and_a_known_one_is_reused(
    marketer, article, en
):
    TagFactory(name="Knee", slug="knee")
    response = save(marketer, article, 'knee, "Cartilage repair", 膝关节')
    assert response.status_code == 200
    assert tag_names(article) == ["Cartilage repair", "Knee", "膝关节"]
    created = Tag.objects.get(name="Cartilage repair")
    assert (created.slug, created.locale) == ("cartilage-repair", en)
    assert Tag.objects.get(name="膝关节").slug.isascii()  # URLs stay ASCII

    save(marketer, article, "Knee, Cartilage repair, 膝关节")  # again: no copies
    assert Tag.objects.filter(name__iexact="cartilage repair").count() == 1
    assert Tag.objects.count() == 3


def test_a_new_tag_whose_slug_is_taken_gets_its_own(marketer, article):
    TagFactory(name="Knee", slug="knee")
    save(marketer, article, "Knee!")
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["knee", "knee-2"]


def test_an_invalid_form_creates_no_tag_and_keeps_what_was_typed(marketer, article):
    data = article_page_form(article, tags="Brand new, Knee", title="")
    response = marketer.post(f"/admin/pages/{article.pk}/edit/", data)
    assert response.status_code == 200
    assert not Tag.objects.filter(name="Brand new").exists()
    assert "Brand new, Knee" in response.content.decode()


def test_a_name_too_long_is_refused_clearly(marketer, article):
    response = save(marketer, article, "x" * 81)
    assert "at most 80 characters" in response.content.decode()
    assert not Tag.objects.exists()


def test_someone_who_may_not_add_tags_chooses_among_existing_ones(article, en):
    user = make_user(MARKETER)
    group = Group.objects.create(name="Editors without tags")
    for permission in user.groups.get().permissions.exclude(codename="add_tag"):
        group.permissions.add(permission)
    group.page_permissions.set(user.groups.get().page_permissions.all())
    user.groups.set([group])
    assert not user.has_perm("blog.add_tag")
    TagFactory(name="Knee", slug="knee")
    client = client_for(user)

    html = save(client, article, "Knee, Invented").content.decode()
    assert "There is no tag “Invented”" in html
    assert not Tag.objects.filter(name="Invented").exists()
    save(client, article, "Knee")
    assert tag_names(article) == ["Knee"]


def test_a_tag_chosen_in_another_language_stays_under_its_own_name(
    marketer, article, zh
):
    knee = TagFactory(name="Knee", slug="knee")
    TagFactory(
        name="膝关节", slug="knee", locale=zh, translation_key=knee.translation_key
    )
    old = TagFactory(name="旧标签", slug="old", locale=zh)
    article.tags.add(old)
    article.save_revision().publish()

    save(marketer, article, "旧标签, 膝关节")
    revision = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    # the one already chosen is kept; a Chinese name is not matched across languages
    assert old in revision.tags.all()
    assert Tag.objects.filter(name="膝关节", locale__language_code="en").exists()
