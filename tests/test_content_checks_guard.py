"""Content checks in the editor and on publish (content_checks/).

A page that promises a cure ("We guarantee a cure", "保证根治") has a blocking
advertising finding. The editor's panel shows it from the unsaved form; no
publish route puts it live for a person until a Compliance approver records an
override with a reason, which the page's history shows; code that publishes for
nobody (importers, the demo) is not held back.
"""

import datetime
import io
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail_localize.models import Translation

import pytest

from content_checks.guard import ComplianceBlockedError
from content_checks.models import ComplianceOverride
from staff.roles import COMPLIANCE_APPROVERS, MARKETERS, ensure_roles
from tests.factories import StandardPageFactory
from tests.roles_support import (
    ANONYMOUS,
    ENQUIRIES_STAFF,
    MARKETER,
    SUPERUSER,
    TRANSLATOR,
    World,
    client_for,
    live,
    make_user,
    standard_page_form,
)

PROMISE = "We guarantee a cure."
PROMISE_ZH = "保证根治"  # the same promise in Chinese: "guaranteed to cure"
SAFE = "我们的医生会和您讨论治疗方案"  # "our doctors discuss the treatment with you"
REASON = "Quoted from the HSA-approved product label."


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, title="Knee care", slug="knee", intro=SAFE)


@pytest.fixture
def approver(db):
    ensure_roles()
    user = get_user_model().objects.create_user("cora", "cora@example.com", "pw")
    user.groups.add(Group.objects.get(name=COMPLIANCE_APPROVERS))
    return user


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def live_url(page) -> str:
    return reverse("content_checks_live", args=[page.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def override(client, page, reason=REASON):
    return client.post(
        reverse("content_checks_override", args=[page.pk]), {"reason": reason}
    )


def draft_with_promise(page, user):
    page = live(page)
    page.intro = PROMISE
    return page.save_revision(user=user)


# --- The live check: who may ask, and what it answers --------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (ANONYMOUS, 302),  # to the sign-in page
        (TRANSLATOR, 403),  # the English tree is the marketers'
        (ENQUIRIES_STAFF, 403),
        (MARKETER, 200),
        (SUPERUSER, 200),
    ],
)
def test_the_live_check_answers_only_the_pages_editors(page, role, status):
    client = client_for(make_user(role))
    response = client.post(live_url(page), standard_page_form(page, intro=PROMISE))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "advertising.guarantee" not in html  # the rule is shown, not the code
        assert "HCSA" in html and "“guarantee”" in html and "“cure”" in html
        assert "data-content-checks-blocked" in html
    assert live(page).intro == SAFE  # nothing saved
    assert live(page).latest_revision_id == page.latest_revision_id


def test_a_compliance_approver_who_edits_nothing_is_refused(page, approver):
    response = client_for(approver).post(live_url(page), standard_page_form(page))
    assert response.status_code == 403


def test_the_live_check_with_hostile_input(page):
    client = client_for(make_user(MARKETER))
    assert client.get(live_url(page)).status_code == 405
    for bad in (0, 999999, 2**70):
        assert client.post(f"/admin/content-checks/live/{bad}/").status_code == 404
    # HTML is shown as text; the search preview says the title typed.
    html = "<script>alert(1)</script>"
    response = client.post(
        live_url(page), standard_page_form(page, title=html, intro=PROMISE)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert html not in body and "&lt;script&gt;" in body
    # An invalid form (NUL byte, too long a title) checks the saved page and says so.
    for title in ("Knee\x00care", "x" * 5000):
        response = client.post(live_url(page), standard_page_form(page, title=title))
        assert response.status_code == 200
        assert "these findings are for the page as last saved" in (
            response.content.decode()
        )
    # No CSRF token: refused like any admin form.
    strict = client_for(make_user(SUPERUSER))
    strict.handler.enforce_csrf_checks = True
    assert strict.post(live_url(page), standard_page_form(page)).status_code == 403


def test_the_editor_shows_the_panel_with_the_findings_and_search_preview(page):
    draft_with_promise(page, None)
    response = client_for(make_user(MARKETER)).get(edit_url(page))
    html = response.content.decode()
    assert "data-content-checks-url" in html and live_url(page) in html
    assert "content_checks/editor.js" in html
    assert "“guarantee”" in html
    assert "Search result preview" in html and "/knee/" in html


def test_a_new_page_shows_the_panel_and_asks_for_a_draft_first(home):
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", home.pk])
    html = client_for(make_user(MARKETER)).get(url).content.decode()
    assert "Save a draft to check the page as you type." in html
    assert "data-content-checks-url" not in html


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (ANONYMOUS, False),
        (TRANSLATOR, False),
        (MARKETER, False),  # edits the page, may not allow its words
        (ENQUIRIES_STAFF, False),
        (SUPERUSER, True),
        (COMPLIANCE_APPROVERS, True),
    ],
)
def test_only_compliance_approvers_open_the_override_form(
    page, approver, role, allowed
):
    draft_with_promise(page, None)
    user = approver if role == COMPLIANCE_APPROVERS else make_user(role)
    response = client_for(user).get(reverse("content_checks_override", args=[page.pk]))
    assert (response.status_code == 200) is allowed
    if allowed:
        assert "“cure”" in response.content.decode()


def test_the_override_form_with_hostile_input(page, approver):
    client = client_for(approver)
    for bad in (999999, 2**70):
        assert client.get(f"/admin/content-checks/override/{bad}/").status_code == 404
    draft_with_promise(page, None)
    assert override(client, page, reason="why\x00not").status_code == 200  # refused
    assert not ComplianceOverride.objects.exists()
    override(client, page, reason="<b>approved</b>")
    history = client_for(make_user(SUPERUSER)).get(
        reverse("wagtailadmin_pages:history", args=[page.pk])
    )
    assert "&lt;b&gt;approved&lt;/b&gt;" in history.content.decode()
    assert "<b>approved</b>" not in history.content.decode()


# --- Publishing: refused, overridden with a reason, logged ----------------------


def test_publish_is_refused_until_an_approver_overrides_and_the_history_says_why(
    page, approver
):
    marketer = make_user(MARKETER)
    editor = client_for(marketer)
    response = editor.post(edit_url(page), standard_page_form(page, intro=PROMISE))
    said = messages_of(response)
    assert "was not published" in said and "“cure”, “guarantee”" in said
    assert reverse("content_checks_override", args=[page.pk]) in said
    assert live(page).intro == SAFE  # visitors still read the old words
    assert live(page).get_latest_revision().as_object().intro == PROMISE  # draft kept

    # Only a compliance approver may override; a reason is required.
    refused = override(editor, page)  # the admin's "Sorry, you do not have permission"
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    reviewer = client_for(approver)
    assert (
        "guarantee"
        in reviewer.get(
            reverse("content_checks_override", args=[page.pk])
        ).content.decode()
    )
    assert override(reviewer, page, reason="").status_code == 200  # form error
    assert override(reviewer, page, reason="x" * 2001).status_code == 200
    assert not ComplianceOverride.objects.exists()
    override(reviewer, page)
    recorded = ComplianceOverride.objects.get()
    assert (recorded.user, recorded.reason) == (approver, REASON)
    assert sorted(map(tuple, recorded.findings)) == [
        ("advertising.guarantee", "cure"),
        ("advertising.guarantee", "guarantee"),
    ]

    # The history: who, when, why.
    entry = PageLogEntry.objects.get(page=page, action="content_checks.override")
    assert entry.user == approver and entry.timestamp
    history = editor.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    text = history.content.decode()
    assert "Compliance override of “cure”, “guarantee”" in text and REASON in text
    assert "cora" in text

    editor.post(edit_url(page), standard_page_form(page, intro=PROMISE))
    assert live(page).live and live(page).intro == PROMISE

    # New blocking words need a new override.
    response = editor.post(
        edit_url(page), standard_page_form(page, intro=f"{PROMISE} Results guaranteed.")
    )
    assert "“guaranteed”" in messages_of(response)
    assert live(page).intro == PROMISE


def test_approving_a_workflow_is_refused_and_rolled_back(page):
    ensure_roles()
    marketer = make_user(MARKETER)
    workflow = Workflow.objects.create(name="Review")
    task = GroupApprovalTask.objects.create(name="Approve")
    task.groups.add(Group.objects.get(name=MARKETERS))
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=page)
    draft_with_promise(page, marketer)
    task_state = workflow.start(live(page), marketer).current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    response = client_for(marketer).post(
        url, {}, HTTP_REFERER=f"http://testserver{edit_url(page)}"
    )
    assert response.status_code == 302
    assert "“cure”, “guarantee”" in messages_of(response)
    assert live(page).intro == SAFE
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_bulk_publish_is_refused_with_the_words(page):
    marketer = make_user(MARKETER)
    draft_with_promise(page, marketer)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    response = client_for(marketer).post(
        f"{url}?id={page.pk}", {"include_descendants": ""}
    )
    assert response.status_code == 302
    assert "“cure”, “guarantee”" in messages_of(response)
    assert live(page).intro == SAFE


def test_scheduling_is_checked_then_publish_scheduled_publishes(page, approver):
    marketer = make_user(MARKETER)
    in_an_hour = timezone.now() + datetime.timedelta(hours=1)
    later = timezone.now() + datetime.timedelta(hours=2)

    # Scheduling blocked words is a publish: refused.
    scheduled = live(page)
    scheduled.intro = PROMISE
    scheduled.go_live_at = in_an_hour
    with pytest.raises(ComplianceBlockedError):
        scheduled.save_revision(user=marketer).publish(user=marketer)

    # Allowed, then scheduled: goes live at its time with nobody there.
    override(client_for(approver), page)
    scheduled.save_revision(user=marketer).publish(user=marketer)
    assert not live(page).live or live(page).intro == SAFE
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=io.StringIO())
    assert live(page).intro == PROMISE


def test_code_publishing_for_nobody_is_not_held_back(page):
    """The demo content and the WordPress importer publish without a user."""
    draft_with_promise(page, None).publish()
    assert live(page).intro == PROMISE


# --- wagtail-localize: a synced translation's "Publish" ---------------------------


@pytest.fixture
def world(home, zh, django_capture_on_commit_callbacks):
    world = World(home, zh, django_capture_on_commit_callbacks, role=TRANSLATOR)
    world.about_zh  # noqa: B018 - English and Chinese "About", both live
    return world


def test_a_synced_translation_with_a_promise_is_not_published(world, approver):
    """wagtail-localize writes a live page's row before publishing: refused first."""
    translation = Translation.objects.get(
        source__object_id=world.about.translation_key, target_locale=world.zh
    )
    po = translation.export_po()
    next(entry for entry in po if entry.msgid == "Old").msgstr = PROMISE_ZH
    translation.import_po(po)
    before = live(world.about_zh).intro
    translator = client_for(make_user(TRANSLATOR))
    url = edit_url(world.about_zh)
    with world.commit(execute=True):
        response = translator.post(url, {"action": "publish"})
    assert "“保证”, “根治”" in messages_of(response)
    assert live(world.about_zh).intro == before

    override(client_for(approver), world.about_zh)
    with world.commit(execute=True):
        translator.post(url, {"action": "publish"})
    assert live(world.about_zh).intro == PROMISE_ZH
