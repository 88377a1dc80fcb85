"""Issue 12, defect 6: every field of the contact form has a maximum length; a
longer answer comes back with the visitor's text and a clear error in their
language, and nothing is stored (a 2 MB message was)."""

from django.core import mail

import pytest
from bs4 import BeautifulSoup

from enquiries.forms import MAX_DIGITS, MAX_LENGTHS
from enquiries.models import ContactPage, ContactSubmission
from home.models import SiteText
from tests.factories import ContactFormFieldFactory
from tests.forms import post_and_commit, valid_contact_data
from tests.i18n_utils import translate_fully

CONTACT = "enquiries/contact_page.html"
LANDING = "enquiries/contact_page_landing.html"
ANSWERS = {"full_name": "Tan Mei Ling", "email": "mei@example.com"}
TWO_MEGABYTES = "Knee pain. " * (2 * 1024 * 1024 // 11)


def send(client, page, **answers):
    data = valid_contact_data(client, page, **{**ANSWERS, **answers})
    return post_and_commit(client, page.url, data)


def sent_back(response) -> BeautifulSoup:
    assert response.status_code == 200
    assert response.templates[0].name == CONTACT
    assert ContactSubmission.objects.count() == 0
    assert mail.outbox == []
    return BeautifulSoup(response.content, "html.parser")


def test_a_two_megabyte_message_is_sent_back_with_an_error_and_not_stored(
    client, contact_page
):
    html = sent_back(send(client, contact_page, message=TWO_MEGABYTES))
    error = html.find(id="id_message_error").text
    assert error == (
        f"Please shorten this to 5000 characters at most "
        f"(it has {len(TWO_MEGABYTES.strip())})."
    )
    assert html.select_one(".form-errors[role=alert]")
    # What the visitor typed is all there, to shorten rather than retype.
    assert html.find("textarea", attrs={"name": "message"}).text.strip() == (
        TWO_MEGABYTES.strip()
    )
    assert html.find("input", attrs={"name": "full_name"})["value"] == "Tan Mei Ling"


def test_the_limit_itself_is_accepted_one_more_is_not(client, contact_page):
    response = send(client, contact_page, message="x" * 5000)
    assert response.templates[0].name == LANDING
    assert len(ContactSubmission.objects.get().form_data["message"]) == 5000
    ContactSubmission.objects.all().delete()
    mail.outbox.clear()
    html = sent_back(send(client, contact_page, message="x" * 5001))
    assert "(it has 5001)" in html.find(id="id_message_error").text


def test_browsers_are_told_the_limits(client, contact_page):
    html = BeautifulSoup(client.get(contact_page.url).content, "html.parser")
    assert html.find("textarea", attrs={"name": "message"})["maxlength"] == "5000"
    assert html.find("input", attrs={"name": "full_name"})["maxlength"] == "255"
    assert html.find("input", attrs={"name": "email"})["maxlength"] == "254"


@pytest.mark.parametrize(
    ("name", "too_long"),
    [
        ("full_name", "陈" * 256),
        ("email", "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "example.com"),
    ],
    ids=["one line", "email"],
)
def test_one_line_and_an_address_have_their_limits(
    client, contact_page, name, too_long
):
    assert len(too_long) > MAX_LENGTHS["singleline" if name == "full_name" else "email"]
    html = sent_back(
        send(client, contact_page, message="Knee pain", **{name: too_long})
    )
    assert "Please shorten this to" in html.find(id=f"id_{name}_error").text
    assert html.find("input", attrs={"name": name})["value"] == too_long


@pytest.fixture
def every_field_type(contact_page):
    for label, field_type in [
        ("Website address", "url"),
        ("Age", "number"),
        ("Source", "hidden"),
        ("Topics", "checkboxes"),
    ]:
        ContactFormFieldFactory(
            page=contact_page,
            label=label,
            field_type=field_type,
            required=False,
            choices="Knees\nImmunity" if field_type == "checkboxes" else "",
        )
    return ContactPage.objects.get(pk=contact_page.pk)


def test_every_field_type_has_a_maximum(every_field_type):
    fields = every_field_type.get_form(page=every_field_type).fields
    assert fields["full_name"].max_length == 255
    assert fields["email"].max_length == 254
    assert fields["message"].max_length == 5000
    assert fields["website_address"].max_length == 2000
    assert fields["source"].max_length == 255
    assert fields["age"].max_digits == MAX_DIGITS


def test_a_long_url_number_or_hidden_value_is_refused(client, every_field_type):
    page = every_field_type
    html = sent_back(
        send(
            client,
            page,
            message="Knee pain",
            website_address="https://example.com/" + "a" * 2000,
            age="1" + "0" * 5000,
            source="s" * 256,
        )
    )
    for name in ("website_address", "age"):
        assert html.find(id=f"id_{name}_error"), name
    # A hidden field has no place to show its error: the form says so at the top.
    assert html.select_one(".form-errors[role=alert]")


def test_a_repeated_choice_is_stored_once(client, every_field_type):
    page = every_field_type
    data = valid_contact_data(client, page, **ANSWERS, message="Knee pain")
    data["topics"] = ["Knees"] * 5000 + ["Immunity"]
    response = post_and_commit(client, page.url, data)
    assert response.templates[0].name == LANDING
    assert ContactSubmission.objects.get().form_data["topics"] == ["Knees", "Immunity"]


@pytest.fixture
def zh_contact_page(contact_page, home, zh):
    translate_fully(SiteText.objects.get(locale__language_code="en"), zh)
    translate_fully(home, zh)
    return ContactPage.objects.get(pk=translate_fully(contact_page, zh).pk)


def test_the_chinese_form_explains_the_limit_in_chinese(client, zh_contact_page):
    html = sent_back(send(client, zh_contact_page, message="膝盖疼痛。" * 2000))
    assert html.find(id="id_message_error").text == (
        "请将内容缩短至最多 5000 个字符（目前为 10000 个）。"
    )
    assert html.find("textarea", attrs={"name": "message"}).text.strip() == (
        "膝盖疼痛。" * 2000
    )
