"""Enquiries in the admin: only the Enquiries group and superusers, every access
logged.

Found: Translators and Marketers read, exported (CSV/XLSX) and deleted form
submissions in both languages, and a deletion left no trace.
"""

import json

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import PageLogEntry

import pytest

from enquiries import audit
from enquiries.models import ContactPage, ContactSubmission
from staff.roles import ENQUIRIES, ENQUIRIES_PERMISSIONS, ensure_roles
from tests.roles_support import (
    ENQUIRIES_STAFF,
    ENQUIRY_TEXT,
    MARKETER,
    SUPERUSER,
    TRANSLATOR,
    World,
    client_for,
    make_user,
    submissions_url,
)


@pytest.fixture
def world(home, zh, django_capture_on_commit_callbacks):
    world = World(home, zh, django_capture_on_commit_callbacks)
    world.enquiry  # noqa: B018 - a contact page and an enquiry in each language
    return world


def forms_menu_shown(client) -> bool:
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    return reverse("wagtailforms:index") in dashboard.content.decode()


# --- Who sees enquiries --------------------------------------------------------------


@pytest.mark.parametrize("role", [TRANSLATOR, MARKETER])
def test_editors_of_the_contact_pages_see_no_enquiries(world, role):
    client = client_for(make_user(role))
    assert not forms_menu_shown(client)
    assert client.get(reverse("wagtailforms:index")).status_code in (302, 403)
    for language in ("en", "zh"):
        for query in ({}, {"export": "csv"}, {"export": "xlsx"}):
            response = client.get(submissions_url(world, language), query)
            assert response.status_code in (302, 403)
    enquiry = world.enquiry["en"]
    delete = reverse("wagtailforms:delete_submissions", args=[enquiry.page_id])
    client.post(f"{delete}?selected-submissions={enquiry.pk}")
    assert ContactSubmission.objects.count() == 2
    # The page editor's panel does not count them either.
    if role == MARKETER:
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[enquiry.page_id]))
        assert edit.status_code == 200
        assert submissions_url(world, "en") not in edit.content.decode()


def test_the_enquiries_group_reads_both_languages_and_edits_no_page(world):
    client = client_for(make_user(ENQUIRIES_STAFF))
    assert forms_menu_shown(client)
    index = client.get(reverse("wagtailforms:index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert submissions_url(world, "en") in html
    assert submissions_url(world, "zh") in html
    for language in ("en", "zh"):
        listing = client.get(submissions_url(world, language))
        assert ENQUIRY_TEXT[language] in listing.content.decode()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[world.contact["en"].pk]))
    assert edit.status_code in (302, 403)


def test_the_role_is_the_group_and_only_its_permissions(db):
    """Enquiries under Forms, and patients' PDPA requests (never deleted: a request
    is the clinic's record of having answered it); nothing else."""
    ensure_roles()
    enquiries = Group.objects.get(name=ENQUIRIES)
    codenames = set(enquiries.permissions.values_list("codename", flat=True))
    assert codenames == {
        "access_admin",
        *ENQUIRIES_PERMISSIONS,
        "add_datarequest",
        "change_datarequest",
        "view_datarequest",
    }
    assert not enquiries.page_permissions.exists()


# --- Every access logged -------------------------------------------------------------


def entries(action):
    return list(PageLogEntry.objects.filter(action=action).order_by("pk"))


def test_every_view_export_and_deletion_is_logged_without_the_enquiry_text(world):
    staff = make_user(ENQUIRIES_STAFF)
    client = client_for(staff)
    english, chinese = world.enquiry["en"], world.enquiry["zh"]

    client.get(submissions_url(world, "en"))
    client.get(submissions_url(world, "zh"), {"export": "csv"}).getvalue()
    client.get(submissions_url(world, "zh"), {"export": "xlsx"}).getvalue()
    delete = reverse("wagtailforms:delete_submissions", args=[english.page_id])
    assert client.post(f"{delete}?selected-submissions={english.pk}").status_code == 302
    assert not ContactSubmission.objects.filter(pk=english.pk).exists()

    (viewed,) = entries(audit.VIEW)
    exported_csv, exported_xlsx = entries(audit.EXPORT)
    (deleted,) = entries(audit.DELETE)
    assert viewed.page_id == english.page_id
    assert viewed.data["submissions"] == {"ids": [english.pk], "count": 1}
    assert viewed.data["page"]["locale"] == "en"
    assert exported_csv.data["format"] == "csv"
    assert exported_xlsx.data["format"] == "xlsx"
    assert exported_csv.data["submissions"] == {"ids": [chinese.pk], "count": 1}
    assert exported_csv.data["page"]["locale"] == "zh-hans"
    assert deleted.data["submissions"] == {"ids": [english.pk], "count": 1}
    for entry in (viewed, exported_csv, exported_xlsx, deleted):
        assert entry.user == staff
        assert entry.timestamp is not None
        logged = json.dumps(entry.data, ensure_ascii=False)
        assert ENQUIRY_TEXT["en"] not in logged
        assert ENQUIRY_TEXT["zh"] not in logged

    # Reports → Site history shows them, with readable labels.
    superuser = client_for(make_user(SUPERUSER))
    history = superuser.get(reverse("wagtailadmin_reports:site_history")).content
    for text in ("Viewed 1 enquiry", "Exported 1 enquiry as csv", "Deleted 1 enquiry"):
        assert text in history.decode()
    filters = superuser.get(
        reverse("wagtailadmin_reports:site_history"), {"action": audit.DELETE}
    )
    assert "Delete enquiries" in filters.content.decode()


def test_a_contact_page_holding_enquiries_is_not_deleted_with_them(world):
    page = world.contact["en"]
    for role in (MARKETER, SUPERUSER):
        client = client_for(make_user(role))
        client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        client.post(f"{bulk}?id={page.pk}")
        assert ContactPage.objects.filter(pk=page.pk).exists()
        assert ContactSubmission.objects.filter(page=page).exists()
