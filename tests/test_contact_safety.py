"""The consultation form against bots, floods and lost enquiries; consent kept."""

import datetime
import logging
import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from enquiries.forms import (
    CONSENT_FIELD,
    DEFAULT_CONSENT_TEXT,
    STARTED_FIELD,
    token_age,
)
from enquiries.models import ContactPage, ContactSubmission
from home.models import SiteText
from serving import throttle
from tests.forms import post_and_commit, valid_contact_data
from tests.i18n_utils import translate_fully

LANDING = "enquiries/contact_page_landing.html"
ANSWERS = {
    "full_name": "Tan Mei Ling",
    "email": "mei@example.com",
    "message": "Knee pain",
}


class SmtpDownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException("421 service not available")


class ConnectionRefusedBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def template_names(response) -> list[str]:
    return [t.name for t in response.templates]


def send(client, page, **overrides):
    return post_and_commit(
        client, page.url, valid_contact_data(client, page, **{**ANSWERS, **overrides})
    )


def assert_thanked_but_nothing_kept(response):
    assert response.status_code == 200
    assert template_names(response)[0] == LANDING
    assert ContactSubmission.objects.count() == 0
    assert mail.outbox == []


# --- Bots ----------------------------------------------------------------------------


def test_honeypot_is_hidden_from_people_and_screen_readers(client, contact_page):
    html = soup(client.get(contact_page.url))
    trap = html.select_one(".contact-form__trap")
    assert trap["aria-hidden"] == "true"
    field = trap.find("input")
    assert field["name"] == "website"
    assert field["type"] == "text"
    assert field["tabindex"] == "-1"
    assert field["autocomplete"] == "off"
    # It is not among the fields people see and fill in.
    assert not html.select(".form-field input[name=website]")


def test_honeypot_filled_gets_thanks_and_nothing_is_kept(client, contact_page):
    assert_thanked_but_nothing_kept(
        send(client, contact_page, website="http://spam.example")
    )


def test_too_fast_gets_thanks_and_nothing_is_kept(client, contact_page):
    assert_thanked_but_nothing_kept(send(client, contact_page, seconds_ago=1))


@pytest.mark.parametrize("token", [None, "", "1700000000:forged-signature"])
def test_missing_or_forged_timestamp_gets_thanks_and_nothing_is_kept(
    client, contact_page, token
):
    data = valid_contact_data(client, contact_page, **ANSWERS)
    if token is None:
        del data[STARTED_FIELD]
    else:
        data[STARTED_FIELD] = token
    assert_thanked_but_nothing_kept(post_and_commit(client, contact_page.url, data))


def test_a_bot_is_told_nothing_even_when_its_answers_are_invalid(client, contact_page):
    response = send(client, contact_page, website="x", email="not-an-email", message="")
    assert_thanked_but_nothing_kept(response)


def test_a_form_left_open_for_days_asks_to_send_again(client, contact_page):
    response = send(client, contact_page, seconds_ago=2 * 24 * 3600)
    html = soup(response)
    assert template_names(response)[0] == "enquiries/contact_page.html"
    assert "open for a long time" in html.select_one(".form-errors").text
    assert html.find("input", attrs={"name": "full_name"})["value"] == "Tan Mei Ling"
    assert ContactSubmission.objects.count() == 0
    # It comes back with a fresh timestamp, so the visitor can send it again.
    fresh = html.find("input", attrs={"name": STARTED_FIELD})["value"]
    assert 0 <= token_age(fresh) < 60


# --- Consent -------------------------------------------------------------------------


def test_consent_checkbox_shows_the_page_consent_text(client, contact_page):
    html = soup(client.get(contact_page.url))
    box = html.find("input", attrs={"name": CONSENT_FIELD})
    assert box["type"] == "checkbox"
    assert box.has_attr("required")
    assert (
        html.find("label", attrs={"for": box["id"]}).text.strip()
        == DEFAULT_CONSENT_TEXT
    )


def test_missing_consent_is_an_error_beside_the_box_input_kept_nothing_stored(
    client, contact_page
):
    data = valid_contact_data(client, contact_page, **ANSWERS)
    del data[CONSENT_FIELD]
    html = soup(post_and_commit(client, contact_page.url, data))
    box = html.find("input", attrs={"name": CONSENT_FIELD})
    error = html.find(id=f"{box['id']}_error")
    assert error and "tick this box" in error.text
    assert error.find_parent(class_="form-field") is box.find_parent(
        class_="form-field"
    )
    assert html.find("input", attrs={"name": "full_name"})["value"] == "Tan Mei Ling"
    assert html.find("textarea", attrs={"name": "message"}).text.strip() == "Knee pain"
    assert ContactSubmission.objects.count() == 0
    assert mail.outbox == []


def test_submission_keeps_the_consent_text_shown_and_only_the_answers(
    client, contact_page
):
    contact_page.consent_text = "I agree to be contacted about my enquiry."
    contact_page.save_revision().publish()
    response = send(client, contact_page)
    assert template_names(response)[0] == LANDING
    submission = ContactSubmission.objects.get()
    assert submission.consent_text == "I agree to be contacted about my enquiry."
    assert submission.form_data == ANSWERS
    assert submission.get_data()["consent_text"] == submission.consent_text


def test_a_blank_consent_text_falls_back_to_the_default(client, contact_page):
    contact_page.consent_text = ""
    contact_page.save_revision().publish()
    send(client, contact_page)
    assert ContactSubmission.objects.get().consent_text == DEFAULT_CONSENT_TEXT


@pytest.fixture
def zh_contact_page(contact_page, home, zh):
    translate_fully(SiteText.objects.get(locale__language_code="en"), zh)
    translate_fully(home, zh)
    return translate_fully(contact_page, zh)


def test_chinese_page_stores_the_chinese_consent_text(
    client, contact_page, zh_contact_page
):
    zh_page = ContactPage.objects.get(pk=zh_contact_page.pk)
    assert zh_page.url == "/zh-hans/contact/"
    assert zh_page.consent_text != contact_page.consent_text
    assert "译" in zh_page.consent_text
    html = soup(client.get(zh_page.url))
    box = html.find("input", attrs={"name": CONSENT_FIELD})
    assert (
        html.find("label", attrs={"for": box["id"]}).text.strip()
        == zh_page.consent_text
    )
    # No English chrome on the Chinese form, even where only bots look.
    assert html.select_one(".contact-form__trap label").text.strip() != "Website"

    response = send(client, zh_page)
    assert template_names(response)[0] == LANDING
    submission = ContactSubmission.objects.get()
    assert submission.page_id == zh_page.pk
    assert submission.consent_text == zh_page.consent_text


def test_admin_submissions_list_shows_the_consent_text(
    client, contact_page, admin_user
):
    send(client, contact_page)
    client.force_login(admin_user)
    response = client.get(
        reverse("wagtailforms:list_submissions", args=[contact_page.pk])
    )
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "Consent" in text
    assert DEFAULT_CONSENT_TEXT in " ".join(text.split())


# --- Rate limit ----------------------------------------------------------------------


def test_sixth_submission_within_the_window_is_refused_and_not_stored(
    client, contact_page
):
    for number in range(5):
        response = send(client, contact_page, full_name=f"Visitor {number}")
        assert template_names(response)[0] == LANDING
    assert ContactSubmission.objects.count() == 5

    response = send(client, contact_page, full_name="Visitor 6")
    html = soup(response)
    assert template_names(response)[0] == "enquiries/contact_page.html"
    alert = html.select_one(".form-errors").text
    assert "Too many messages" in alert
    assert html.find("input", attrs={"name": "full_name"})["value"] == "Visitor 6"
    assert ContactSubmission.objects.count() == 5
    assert len(mail.outbox) == 5


def test_rate_limit_is_per_client_and_ignores_a_forged_forwarded_for(
    client, contact_page
):
    for _number in range(5):
        send(client, contact_page)
    # Behind no trusted proxy, X-Forwarded-For is the client's own word: ignored.
    data = valid_contact_data(client, contact_page, **ANSWERS)
    post_and_commit(client, contact_page.url, data, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert ContactSubmission.objects.count() == 5
    # Another client has its own count.
    data = valid_contact_data(client, contact_page, **ANSWERS)
    response = post_and_commit(
        client, contact_page.url, data, REMOTE_ADDR="198.51.100.7"
    )
    assert template_names(response)[0] == LANDING
    assert ContactSubmission.objects.count() == 6


def test_invalid_forms_do_not_use_up_the_quota(client, contact_page):
    for _number in range(6):
        send(client, contact_page, email="not-an-email")
    assert template_names(send(client, contact_page))[0] == LANDING


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1", "10.0.0.1"),
        (1, "203.0.113.9", "10.0.0.1", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "10.0.0.1", "203.0.113.9"),  # forged entry first
        (2, "6.6.6.6, 203.0.113.9, 198.51.100.1", "10.0.0.1", "203.0.113.9"),
        (1, "", "10.0.0.1", "10.0.0.1"),
        (0, "", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        (0, "", "::ffff:192.0.2.1", "192.0.2.1"),
        (0, "", "", "unknown"),
    ],
)
def test_client_ip(settings, proxies, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
    )
    assert throttle.client_ip(request) == expected


# --- Email ---------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["SmtpDownBackend", "ConnectionRefusedBackend"])
def test_email_failure_loses_nothing_and_thanks_the_visitor(
    client, contact_page, backend, caplog
):
    with (
        override_settings(EMAIL_BACKEND=f"tests.test_contact_safety.{backend}"),
        caplog.at_level(logging.ERROR, logger="home.models.pages"),
    ):
        response = send(client, contact_page)
    assert response.status_code == 200
    assert template_names(response)[0] == LANDING
    submission = ContactSubmission.objects.get()
    assert submission.form_data["message"] == "Knee pain"
    assert f"submission {submission.pk} failed" in caplog.text
    assert "Knee pain" not in caplog.text


def test_notification_carries_a_link_to_the_admin_and_no_enquiry_text(
    client, contact_page
):
    send(
        client,
        contact_page,
        message="Severe knee pain since March",
        full_name="Tan Mei Ling",
    )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["clinic@example.com"]
    assert email.subject == "New enquiry"
    link = "http://testserver" + reverse(
        "wagtailforms:list_submissions", args=[contact_page.pk]
    )
    assert link in email.body
    for private in ("Severe knee pain", "Tan Mei Ling", "mei@example.com", "Knee pain"):
        assert private not in email.body
        assert private not in email.subject
    assert not email.alternatives


def test_notification_for_the_chinese_page_links_to_its_submissions(
    client, zh_contact_page
):
    zh_page = ContactPage.objects.get(pk=zh_contact_page.pk)
    send(client, zh_page)
    link = "http://testserver" + reverse(
        "wagtailforms:list_submissions", args=[zh_page.pk]
    )
    assert link in mail.outbox[0].body
    assert "Knee pain" not in mail.outbox[0].body


# --- Retention -----------------------------------------------------------------------


def make_submission(page, days_ago: float) -> ContactSubmission:
    submission = ContactSubmission.objects.create(
        page=page, form_data=ANSWERS, consent_text="ok"
    )
    submitted = timezone.now() - datetime.timedelta(days=days_ago)
    ContactSubmission.objects.filter(pk=submission.pk).update(submit_time=submitted)
    return submission


def test_purge_submissions_deletes_only_older_ones_and_reports_the_count(
    contact_page, capsys
):
    old = [make_submission(contact_page, days) for days in (31, 45, 400)]
    recent = [make_submission(contact_page, days) for days in (0, 1, 29.9)]

    call_command("purge_submissions", "--older-than", "30", "--dry-run")
    assert (
        "Would delete 3 form submission(s) older than 30 days"
        in capsys.readouterr().out
    )
    assert ContactSubmission.objects.count() == 6

    call_command("purge_submissions", "--older-than", "30")
    assert "Deleted 3 form submission(s) older than 30 days" in capsys.readouterr().out
    assert sorted(ContactSubmission.objects.values_list("pk", flat=True)) == [
        s.pk for s in recent
    ]
    assert not ContactSubmission.objects.filter(pk__in=[s.pk for s in old]).exists()

    call_command("purge_submissions", "--older-than", "30")
    assert "Deleted 0 form submission(s)" in capsys.readouterr().out
