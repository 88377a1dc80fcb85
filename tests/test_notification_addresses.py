"""Where the contact form's notifications go: a permission of its own, the same
in both languages, never a translator's override.

Found: the to/from addresses were overridable through wagtail-localize, so a
translator set the Chinese form to email an outside address.
"""

from unittest import mock

from django.urls import reverse

from wagtail_localize.models import OverridableSegment, Translation

import pytest

from enquiries.models import ContactPage
from enquiries.permissions import CHANGE_NOTIFICATION_ADDRESSES
from tests.roles_support import (
    ENQUIRIES_STAFF,
    MARKETER,
    OUTSIDE_ADDRESS,
    SUPERUSER,
    TRANSLATOR,
    World,
    client_for,
    contact_page_form,
    live,
    make_user,
)


@pytest.fixture
def world(home, zh, django_capture_on_commit_callbacks):
    world = World(home, zh, django_capture_on_commit_callbacks)
    world.enquiry  # noqa: B018 - a contact page and an enquiry in each language
    return world


def test_a_marketers_post_with_another_address_changes_nothing(world):
    page = world.contact["en"]
    client = client_for(make_user(MARKETER))
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert 'name="to_address"' not in client.get(edit_url).content.decode()
    response = client.post(
        edit_url,
        contact_page_form(
            page,
            to_address=OUTSIDE_ADDRESS,
            from_address=OUTSIDE_ADDRESS,
            subject="Forward",
        ),
    )
    assert response.status_code == 302  # the rest of the page was saved
    after = live(page)
    assert (after.to_address, after.from_address, after.subject) == (
        page.to_address,
        page.from_address,
        page.subject,
    )


def test_superusers_change_the_addresses_and_the_chinese_form_follows(world):
    english, chinese = world.contact["en"], world.contact["zh"]
    client = client_for(make_user(SUPERUSER))
    client.post(
        reverse("wagtailadmin_pages:edit", args=[english.pk]),
        contact_page_form(english, to_address="enquiries@clinic.example"),
    )
    assert live(english).to_address == "enquiries@clinic.example"
    source = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=world.zh
    ).source
    with world.commit(execute=True):
        client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]),
            {"publish_translations": "on"},
        )
    assert live(chinese).to_address == "enquiries@clinic.example"


def test_only_superusers_hold_the_address_permission(world):
    for role in (TRANSLATOR, MARKETER, ENQUIRIES_STAFF):
        assert not make_user(role).has_perm(CHANGE_NOTIFICATION_ADDRESSES)
    assert make_user(SUPERUSER).has_perm(CHANGE_NOTIFICATION_ADDRESSES)


def override_segment(world, field_name):
    return OverridableSegment.objects.filter(
        source__object_id=world.contact["en"].translation_key,
        context__path=field_name,
    ).first()


def override(client, world, segment, value):
    translation = Translation.objects.get(
        source__object_id=world.contact["en"].translation_key, target_locale=world.zh
    )
    url = reverse("wagtail_localize:edit_override", args=[translation.pk, segment.pk])
    return client.put(
        url, f"value={value}", content_type="application/x-www-form-urlencoded"
    )


def test_a_translator_is_offered_no_override_of_the_notification_settings(world):
    for name in ("to_address", "from_address", "subject"):
        assert override_segment(world, name) is None
    # The slug stays overridable: the rule is these three fields, not overrides.
    assert override_segment(world, "slug") is not None


def test_an_override_stored_before_the_fix_cannot_redirect_the_chinese_form(
    world, home, zh
):
    """A database from before: the fields were overridable, the translator had
    overridden the address (as found), then publishes the translation."""
    old_fields = [
        *ContactPage.override_translatable_fields[:1],
        *(
            type(field)(field.field_name)  # overridable, as before
            for field in ContactPage.override_translatable_fields[1:]
        ),
    ]
    contact = ContactPage.objects.get(pk=world.contact["en"].pk)
    translator = make_user(TRANSLATOR)
    client = client_for(translator)
    with mock.patch.object(ContactPage, "override_translatable_fields", old_fields):
        Translation.objects.get(
            source__object_id=contact.translation_key, target_locale=zh
        ).source.update_from_db()
        segment = override_segment(world, "to_address")
        assert override(client, world, segment, OUTSIDE_ADDRESS).status_code == 201

    chinese = world.contact["zh"]
    with world.commit(execute=True):
        client.post(
            reverse("wagtailadmin_pages:edit", args=[chinese.pk]), {"action": "publish"}
        )
    published = live(chinese)
    assert published.live_revision.user == translator  # the publish happened
    assert published.to_address == contact.to_address
