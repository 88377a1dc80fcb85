"""Patients' PDPA requests, as Enquiries staff handle them in the admin: record a
request, find the person's enquiries in both languages, check their identity,
export or delete the enquiries, close the request, and the report of requests due.
Everyone else is refused on every view."""

import datetime
import json

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
from bs4 import BeautifulSoup

from enquiries.data_requests import normalise_email, normalise_phone
from enquiries.models import ContactSubmission, DataRequest, RetentionRun
from home.models import SiteText
from staff.roles import ENQUIRIES, MARKETERS, TRANSLATORS, ensure_roles
from tests.factories import ContactFormFieldFactory, ContactPageFactory
from tests.forms import valid_contact_data
from tests.i18n_utils import translate_fully

ADD_URL = reverse("datarequest:add")
INDEX_URL = reverse("datarequest:index")
REPORT_URL = reverse("data_requests_report")


def staff(django_user_model, name: str, group: str | None):
    user = django_user_model.objects.create_user(name, f"{name}@clinic.example", "pw")
    ensure_roles()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def enquirer(django_user_model, home):
    return staff(django_user_model, "erin", ENQUIRIES)


@pytest.fixture
def pages(home, zh):
    """The English contact page with a phone field, and its Chinese translation."""
    page = ContactPageFactory(parent=home)
    for label, field_type, required in [
        ("Full name", "singleline", True),
        ("Email", "email", False),
        ("Phone", "singleline", False),
        ("Message", "multiline", True),
    ]:
        ContactFormFieldFactory(
            page=page, label=label, field_type=field_type, required=required
        )
    translate_fully(SiteText.objects.get(locale=home.locale), zh)
    translate_fully(home, zh)
    return page, translate_fully(page, zh)


def send(client, page, **answers) -> ContactSubmission:
    before = ContactSubmission.objects.count()
    response = client.post(page.url, valid_contact_data(client, page, **answers))
    assert response.status_code == 200
    assert ContactSubmission.objects.count() == before + 1, "not stored"
    return ContactSubmission.objects.latest("pk")


@pytest.fixture
def enquiries(client, pages):
    """Mei's enquiries (English by email and phone, Chinese by email, English by
    phone only) and one from someone else who mentions her address."""
    en, zh = pages
    visitor = client.__class__()
    mei_en = send(
        visitor,
        en,
        full_name="Tan Mei Ling",
        email="Mei.Tan@Example.com",
        phone="+65 9123 4567",
        message="Knee pain since March",
    )
    mei_zh = send(
        visitor,
        zh,
        full_name="陈美玲",
        email="mei.tan@example.com ",
        phone="",
        message="膝盖疼痛",
    )
    mei_phone = send(
        visitor,
        en,
        full_name="Mei",
        email="tan@work.example",
        phone="6591234567",
        message="Follow-up",
    )
    other = send(
        visitor,
        en,
        full_name="Lim Wei",
        email="lim@example.com",
        phone="9876 5432",
        message="mei.tan@example.com told me about you",
    )
    return {"mei": [mei_en, mei_zh, mei_phone], "other": other}


def record(client, **fields) -> DataRequest:
    data = {
        "kind": "access",
        "channel": "email",
        "requester_name": "Tan Mei Ling",
        "email": "MEI.TAN@example.com",
        "phone": "9123 4567",
        "received_on": f"{timezone.localdate():%Y-%m-%d}",
        "language": "en",
        "notes": "",
        **fields,
    }
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    data_request = DataRequest.objects.latest("pk")
    assert response["Location"] == reverse(
        "datarequest:inspect", args=[data_request.pk]
    )
    return data_request


def url(name: str, data_request: DataRequest) -> str:
    return reverse(f"datarequest:{name}", args=[data_request.pk])


def check_identity(client, data_request, how="Photo ID seen at the front desk"):
    response = client.post(url("identity_check", data_request), {"how": how})
    assert response.status_code == 302
    data_request.refresh_from_db()


def actions(data_request) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(data_request.pk))
        .filter(action__startswith="enquiries.request.")
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Finding a person's enquiries ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("+65 9123 4567", "91234567"),
        ("6591234567", "91234567"),
        ("0065-9123-4567", "91234567"),
        ("(65) 9123 4567", "91234567"),
        ("9123 4567", "91234567"),
        ("+60 12-345 6789", "60123456789"),
        ("Call me on 91234567", ""),
        ("1234", ""),
        ("", ""),
    ],
)
def test_phone_numbers_compare_by_digits_with_or_without_65(raw, normal):
    assert normalise_phone(raw) == normal


def test_emails_compare_without_case_or_spaces():
    assert normalise_email(" Mei.Tan@Example.COM ") == "mei.tan@example.com"


def test_enquiries_staff_record_a_request_and_see_every_enquiry_in_both_languages(
    client, enquirer, enquiries, pages
):
    client.force_login(enquirer)
    assert client.get(ADD_URL).status_code == 200
    data_request = record(client)

    assert data_request.recorded_by == enquirer
    listing = client.get(INDEX_URL)
    assert listing.status_code == 200
    assert str(data_request) in listing.content.decode()
    assert client.get(url("history", data_request)).status_code == 200
    assert data_request.status == DataRequest.Status.OPEN
    assert data_request.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert actions(data_request) == ["enquiries.request.recorded"]

    page = BeautifulSoup(
        client.get(url("inspect", data_request)).content, "html.parser"
    )
    references = [
        int(row.select_one("td").text) for row in page.select("table.listing tbody tr")
    ]
    assert references == [s.pk for s in enquiries["mei"]]
    text = page.get_text(" ")
    assert "中文" in text and "English" in text  # both languages' forms
    assert "30 days left" in text
    assert "Not recorded yet" in text  # the identity check
    # Where and when, not what: the enquiries' words are not on this page.
    assert "Knee pain" not in text and "膝盖" not in text


def test_a_request_needs_an_email_or_a_phone_and_a_real_date(client, enquirer):
    client.force_login(enquirer)
    response = client.post(
        ADD_URL,
        {
            "kind": "access",
            "channel": "phone",
            "requester_name": "Someone",
            "email": "",
            "phone": "",
            "received_on": "2026-01-05",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "email address or phone number" in response.content.decode()
    assert not DataRequest.objects.exists()
    response = client.post(
        ADD_URL,
        {
            "kind": "access",
            "channel": "phone",
            "requester_name": "Someone",
            "phone": "call me",
            "received_on": "2026-01-05",
            "language": "en",
        },
    )
    assert "Enter a phone number" in response.content.decode()
    assert not DataRequest.objects.exists()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        ADD_URL,
        {
            "kind": "access",
            "channel": "phone",
            "requester_name": "Someone",
            "phone": "9123 4567",
            "received_on": f"{tomorrow:%Y-%m-%d}",
            "language": "en",
        },
    )
    assert "cannot be received in the future" in response.content.decode()
    assert not DataRequest.objects.exists()


# --- Identity, export ---------------------------------------------------------------


def test_export_is_refused_until_the_identity_check_is_recorded(
    client, enquirer, enquiries
):
    client.force_login(enquirer)
    data_request = record(client)

    refused = client.post(url("export", data_request))
    assert refused.status_code == 302
    assert refused["Location"] == url("inspect", data_request)
    assert "identity" in " ".join(messages_of(refused))
    assert "enquiries.request.exported" not in actions(data_request)

    assert client.get(url("identity_check", data_request)).status_code == 200
    check_identity(client, data_request, "Called back on the number in her enquiry")
    assert data_request.identity_checked
    assert data_request.identity_checked_by == enquirer
    assert data_request.identity_check == "Called back on the number in her enquiry"
    assert actions(data_request) == [
        "enquiries.request.recorded",
        "enquiries.request.identity_checked",
    ]

    response = client.post(url("export", data_request))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="personal-data-request-{data_request.pk}.txt"'
    )
    assert actions(data_request)[-1] == "enquiries.request.exported"


def test_the_export_holds_every_field_and_the_consent_text_of_each_enquiry(
    client, enquirer, enquiries, pages
):
    en, zh = pages
    client.force_login(enquirer)
    data_request = record(client)
    check_identity(client, data_request)
    text = client.post(url("export", data_request)).content.decode("utf-8")

    assert "Tan Mei Ling" in text
    assert "Enquiry 1 of 3" in text and "Enquiry 3 of 3" in text
    for submission in enquiries["mei"]:
        assert f"Reference: {submission.pk}" in text
        assert submission.consent_text in text
        for value in submission.form_data.values():
            if value:
                assert str(value).strip() in text
    assert en.consent_text in text and zh.consent_text in text
    # The English form's labels, and the Chinese form's own (translated) labels.
    assert "Message:\n    Knee pain since March" in text
    assert "膝盖疼痛" in text and "陈美玲" in text
    assert "Consent:" in text
    assert "Submission date:" in text
    # Nobody else's enquiry, though it mentions her address.
    assert "Lim Wei" not in text and "told me about you" not in text


def test_the_export_speaks_the_requesters_language(client, enquirer, enquiries):
    client.force_login(enquirer)
    data_request = record(client, language="zh-hans")
    check_identity(client, data_request)
    text = client.post(url("export", data_request)).content.decode("utf-8")
    assert "您的个人资料" in text
    assert "Your personal data" not in text
    assert "膝盖疼痛" in text and "Knee pain since March" in text


def test_the_log_names_who_and_which_enquiries_never_their_content(
    client, enquirer, enquiries, admin_user
):
    client.force_login(enquirer)
    data_request = record(client, kind="withdrawal")
    check_identity(client, data_request)
    client.post(url("export", data_request))
    ids = [s.pk for s in enquiries["mei"]]
    client.post(url("delete_enquiries", data_request), {"submission": ids})
    client.post(url("close", data_request))

    entries = ModelLogEntry.objects.filter(action__startswith="enquiries.request.")
    assert [e.action for e in entries.order_by("timestamp", "pk")] == [
        "enquiries.request.recorded",
        "enquiries.request.identity_checked",
        "enquiries.request.exported",
        "enquiries.request.deleted",
        "enquiries.request.closed",
    ]
    assert {e.user_id for e in entries} == {enquirer.pk}
    # Which enquiries each step found, exported or deleted: their ids.
    assert [e.data for e in entries.order_by("timestamp", "pk")] == [
        {"submission_ids": ids},
        {"submission_ids": ids},
        {"submission_ids": ids},
        {"submission_ids": ids},
        {"submission_ids": []},  # closed after the deletion
    ]
    logged = json.dumps(
        [(e.label, e.data) for e in entries], ensure_ascii=False
    ).casefold()
    for secret in ["knee", "膝盖", "tan mei ling", "mei.tan@", "9123", "photo id"]:
        assert secret not in logged

    # Reports → Site history shows them.
    client.force_login(admin_user)
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    listed = " ".join(BeautifulSoup(history.content, "html.parser").get_text().split())
    id_list = ", ".join(str(pk) for pk in ids)
    assert f"Enquiries exported for the requester (enquiries {id_list})" in listed
    assert f"Enquiries deleted on the requester's withdrawal (enquiries {id_list})" in (
        listed
    )


# --- Deletion on withdrawal ---------------------------------------------------------


def test_withdrawal_deletes_the_persons_enquiries_after_a_confirm_step(
    client, enquirer, enquiries
):
    client.force_login(enquirer)
    data_request = record(client, kind="withdrawal")

    # Not before the identity check.
    refused = client.get(url("delete_enquiries", data_request))
    assert refused.status_code == 302
    check_identity(client, data_request)

    confirm = client.get(url("delete_enquiries", data_request))
    assert confirm.status_code == 200
    html = BeautifulSoup(confirm.content, "html.parser")
    shown = [int(i["value"]) for i in html.select("input[name=submission]")]
    assert shown == [s.pk for s in enquiries["mei"]]
    assert ContactSubmission.objects.count() == 4  # the GET deleted nothing

    # An enquiry she sends after the confirm screen is not deleted unseen.
    later = ContactSubmission.objects.create(
        page=enquiries["other"].page,
        form_data={"email": "mei.tan@example.com", "message": "Another question"},
    )
    response = client.post(url("delete_enquiries", data_request), {"submission": shown})
    assert response.status_code == 302
    assert "3 enquiries deleted." in messages_of(response)
    assert sorted(ContactSubmission.objects.values_list("pk", flat=True)) == sorted(
        [enquiries["other"].pk, later.pk]
    )


def test_only_a_withdrawal_deletes(client, enquirer, enquiries):
    client.force_login(enquirer)
    data_request = record(client, kind="access")
    check_identity(client, data_request)
    ids = [s.pk for s in enquiries["mei"]]
    response = client.post(url("delete_enquiries", data_request), {"submission": ids})
    assert response.status_code == 302
    assert "Only a withdrawal" in " ".join(messages_of(response))
    assert ContactSubmission.objects.count() == 4


def test_new_contact_details_need_a_new_identity_check(client, enquirer, enquiries):
    client.force_login(enquirer)
    data_request = record(client)
    check_identity(client, data_request)
    response = client.post(
        url("edit", data_request),
        {
            "kind": "access",
            "channel": "email",
            "requester_name": "Tan Mei Ling",
            "email": "lim@example.com",
            "phone": "",
            "received_on": f"{data_request.received_on:%Y-%m-%d}",
            "language": "en",
            "notes": "",
        },
    )
    assert response.status_code == 302
    data_request.refresh_from_db()
    assert data_request.email == "lim@example.com"
    assert not data_request.identity_checked
    refused = client.post(url("export", data_request))
    assert refused.status_code == 302
    assert "enquiries.request.exported" not in actions(data_request)


def test_closing_ends_the_request(client, enquirer, enquiries):
    client.force_login(enquirer)
    data_request = record(client, kind="withdrawal")
    check_identity(client, data_request)
    assert client.get(url("close", data_request)).status_code == 200
    response = client.post(url("close", data_request))
    assert response.status_code == 302
    data_request.refresh_from_db()
    assert data_request.status == DataRequest.Status.CLOSED
    assert data_request.closed_at is not None
    assert actions(data_request)[-1] == "enquiries.request.closed"

    # A closed request discloses and deletes nothing more.
    assert client.post(url("export", data_request)).status_code == 302
    ids = [s.pk for s in enquiries["mei"]]
    client.post(url("delete_enquiries", data_request), {"submission": ids})
    assert ContactSubmission.objects.count() == 4


# --- The report of requests due -----------------------------------------------------


def make_request(days_ago: int, **fields) -> DataRequest:
    return DataRequest.objects.create(
        kind=fields.pop("kind", "access"),
        requester_name="Someone",
        email=f"someone{days_ago}@example.com",
        channel="email",
        received_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        **fields,
    )


def test_the_report_lists_open_requests_overdue_first_with_days_left(client, enquirer):
    due_soon = make_request(25)
    long_overdue = make_request(45)
    fresh = make_request(0)
    overdue = make_request(31)
    make_request(60, status=DataRequest.Status.CLOSED)
    client.force_login(enquirer)

    response = client.get(REPORT_URL)
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select(
        "table.listing tbody tr"
    )
    assert [row.select_one("a").text.strip() for row in rows] == [
        str(r) for r in (long_overdue, overdue, due_soon, fresh)
    ]
    cells = [row.get_text(" ", strip=True) for row in rows]
    assert "(15 days overdue)" in cells[0]
    assert "(1 day overdue)" in cells[1]
    assert "(5 days left)" in cells[2]
    assert "(30 days left)" in cells[3]

    # The spreadsheet export: ids, kinds and dates, no names.
    export = client.get(REPORT_URL, {"export": "csv"})
    assert export.status_code == 200
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [
        str(r.pk) for r in (long_overdue, overdue, due_soon, fresh)
    ]
    assert lines[1].endswith(",-15") and "Someone" not in "".join(lines)


def test_the_report_and_the_dashboard_show_the_retention_job(client, enquirer):
    client.force_login(enquirer)
    warning = "has not run in the last 2 days"
    assert warning in client.get(REPORT_URL).content.decode()  # never ran

    RetentionRun.objects.create(
        task="submissions",
        older_than_days=365,
        removed=12,
        ran_at=timezone.now() - datetime.timedelta(hours=5),
    )
    RetentionRun.objects.create(task="backups", older_than_days=365, removed=3)
    RetentionRun.objects.create(
        task="submissions", older_than_days=365, removed=99, dry_run=True
    )
    for page in (REPORT_URL, reverse("wagtailadmin_home")):
        html = client.get(page).content.decode()
        text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
        assert warning not in text
        assert "12 items older than 365 days" in text
        assert "3 items older than 365 days" in text
        assert "99" not in text  # a dry run removes nothing

    RetentionRun.objects.filter(task="submissions").update(
        ran_at=timezone.now() - datetime.timedelta(days=3)
    )
    assert warning in client.get(REPORT_URL).content.decode()


# --- Everyone else is refused -------------------------------------------------------


@pytest.fixture
def open_request(enquiries):
    return make_request(3, kind="withdrawal")


def every_view(data_request) -> list[tuple[str, str, dict]]:
    ids = {"submission": list(ContactSubmission.objects.values_list("pk", flat=True))}
    return [
        ("get", INDEX_URL, {}),
        ("get", ADD_URL, {}),
        ("post", ADD_URL, {"kind": "access", "requester_name": "x", "email": "x@x.x"}),
        ("get", url("inspect", data_request), {}),
        ("get", url("edit", data_request), {}),
        ("post", url("edit", data_request), {"kind": "access", "email": "x@x.x"}),
        ("get", url("history", data_request), {}),
        ("get", url("delete", data_request), {}),
        ("post", url("delete", data_request), {}),
        ("get", url("identity_check", data_request), {}),
        ("post", url("identity_check", data_request), {"how": "trust me"}),
        ("post", url("export", data_request), {}),
        ("get", url("delete_enquiries", data_request), {}),
        ("post", url("delete_enquiries", data_request), ids),
        ("get", url("close", data_request), {}),
        ("post", url("close", data_request), {}),
        ("get", REPORT_URL, {}),
        ("get", reverse("data_requests_report_results"), {}),
    ]


@pytest.mark.parametrize("role", [None, "anonymous", MARKETERS, TRANSLATORS])
def test_nobody_else_reaches_any_data_request_view(
    client, django_user_model, open_request, role
):
    if role != "anonymous":
        client.force_login(staff(django_user_model, "someone", role))
    before = (
        ContactSubmission.objects.count(),
        DataRequest.objects.count(),
        ModelLogEntry.objects.count(),
    )
    for method, address, data in every_view(open_request):
        response = getattr(client, method)(address, data)
        assert response.status_code in (302, 403), (method, address)
        if response.status_code == 302:
            expected = (
                reverse("wagtailadmin_login")
                if role == "anonymous"
                else reverse("wagtailadmin_home")
            )
            assert response["Location"].startswith(expected), (method, address)
    assert before == (
        ContactSubmission.objects.count(),
        DataRequest.objects.count(),
        ModelLogEntry.objects.count(),
    )
    open_request.refresh_from_db()
    assert open_request.is_open and not open_request.identity_checked


@pytest.mark.parametrize("role", [MARKETERS, TRANSLATORS])
def test_the_menus_and_dashboard_show_requests_to_enquiries_staff_only(
    client, django_user_model, enquirer, role
):
    client.force_login(staff(django_user_model, "someone", role))
    home_page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert REPORT_URL not in home_page and INDEX_URL not in home_page
    assert "Patients' data requests" not in home_page

    client.force_login(enquirer)
    home_page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert REPORT_URL in home_page and INDEX_URL in home_page


def test_superusers_handle_requests_too(client, admin_user, enquiries):
    client.force_login(admin_user)
    data_request = record(client, kind="withdrawal")
    check_identity(client, data_request)
    assert client.post(url("export", data_request)).status_code == 200
    assert client.get(REPORT_URL).status_code == 200
