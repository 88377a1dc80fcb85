"""Issue 12, PDPA minimisation: the contact form never asks for an NRIC/FIN; the
consent text the visitor saw is stored in their language; marketing consent is a
separate, optional, unticked checkbox stored apart from the consent to be
contacted, and shown in the admin's submissions list and export."""

import csv
import io

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from enquiries.forms import (
    CONSENT_FIELD,
    DEFAULT_CONSENT_TEXT,
    DEFAULT_MARKETING_CONSENT_TEXT,
    MARKETING_FIELD,
)
from enquiries.minimisation import asks_for_national_id
from enquiries.models import ContactFormField, ContactPage, ContactSubmission
from tests.forms import valid_contact_data

LANDING = "enquiries/contact_page_landing.html"
ANSWERS = {
    "full_name": "Tan Mei Ling",
    "email": "mei@example.com",
    "message": "Knee pain",
}


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


# --- No NRIC/FIN -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "NRIC",
        "NRIC/FIN",
        "nric_no",
        "fin_number",
        "FIN",
        "IC number",
        "I/C No.",
        "ic_no",
        "Identity card number",
        "National ID",
        "Passport number",
        "Work permit no",
        "Birth certificate number",
        "No. Kad Pengenalan",
        "身份证号码",
        "身份證號碼",
        "证件号码",
        "护照号码",
        "准证号码",
    ],
)
def test_identity_numbers_are_recognised(text):
    assert asks_for_national_id(text)


@pytest.mark.parametrize(
    "text",
    [
        "Full name",
        "full_name",
        "Email",
        "Phone",
        "Preferred language",
        "Message",
        "Basic information",
        "ICU stay",
        "Finance",
        "Date of birth",
        DEFAULT_CONSENT_TEXT,
        DEFAULT_MARKETING_CONSENT_TEXT,
        "姓名",
        "电子邮件",
        "电话",
        "首选语言",
        "留言",
    ],
)
def test_ordinary_labels_are_not(text):
    assert not asks_for_national_id(text)


def test_the_editor_refuses_a_field_that_asks_for_one(contact_page):
    field = ContactFormField(
        page=contact_page,
        locale=contact_page.locale,
        label="NRIC / FIN",
        field_type="singleline",
    )
    field.clean_name = "nric_fin"
    with pytest.raises(ValidationError) as refused:
        field.full_clean(exclude=["page"])
    assert list(refused.value.message_dict) == ["label"]
    with translation.override("en"):
        assert "identity number" in str(refused.value.message_dict["label"][0])
    field.label, field.clean_name = "Reference", "reference"
    field.help_text = "Your IC number, please"
    with pytest.raises(ValidationError) as refused:
        field.full_clean(exclude=["page"])
    assert list(refused.value.message_dict) == ["help_text"]
    harmless = ContactFormField(
        page=contact_page,
        locale=contact_page.locale,
        label="Phone",
        field_type="singleline",
    )
    harmless.full_clean(exclude=["page"])


def test_no_model_default_asks_for_one():
    for model in (ContactPage, ContactFormField, ContactSubmission):
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field):
                continue
            default = field.get_default() if field.has_default() else ""
            for text in (default, field.help_text, field.verbose_name):
                assert not asks_for_national_id(str(text or "")), (model, field.name)


# --- The demo content, both languages ------------------------------------------------


@pytest.fixture
def demo(db, capsys):
    call_command("load_demo_content")
    capsys.readouterr()


def test_demo_form_asks_for_no_identity_number_and_stores_chinese_consent(demo, client):
    fields = ContactFormField.objects.select_related("locale")
    assert {f.locale.language_code for f in fields} == {"en", "zh-hans"}
    for field in fields:
        for name in ("label", "clean_name", "help_text", "choices"):
            assert not asks_for_national_id(getattr(field, name)), (field.pk, name)
    for page in ContactPage.objects.all():
        for text in (page.intro, page.consent_text, page.marketing_consent_text):
            assert not asks_for_national_id(text), page.url

    # The Chinese page shows and stores its own, Chinese, consent texts.
    zh_page = ContactPage.objects.get(locale__language_code="zh-hans")
    en_page = ContactPage.objects.get(locale__language_code="en")
    assert zh_page.url == "/zh-hans/contact/"
    html = soup(client.get(zh_page.url))
    labels = {
        box["name"]: html.find("label", attrs={"for": box["id"]}).text.strip()
        for box in html.select("input[type=checkbox]")
    }
    assert labels[CONSENT_FIELD] == zh_page.consent_text != en_page.consent_text
    assert labels[MARKETING_FIELD] == zh_page.marketing_consent_text
    assert zh_page.marketing_consent_text != en_page.marketing_consent_text
    answers = {"full_name": "陈美玲", "email": "mei@example.com", "message": "膝盖疼痛"}
    data = valid_contact_data(client, zh_page, **answers)
    response = client.post(zh_page.url, {**data, MARKETING_FIELD: "on"})
    assert response.templates[0].name == LANDING
    submission = ContactSubmission.objects.get()
    assert submission.page_id == zh_page.pk
    assert submission.consent_text == zh_page.consent_text
    assert "同意" in submission.consent_text
    assert submission.marketing_consent is True
    assert submission.marketing_consent_text == zh_page.marketing_consent_text


# --- Marketing consent ---------------------------------------------------------------


def test_marketing_consent_is_a_separate_optional_unticked_checkbox(
    client, contact_page
):
    html = soup(client.get(contact_page.url))
    box = html.find("input", attrs={"name": MARKETING_FIELD})
    assert box["type"] == "checkbox"
    assert not box.has_attr("required")
    assert not box.has_attr("checked")
    label = html.find("label", attrs={"for": box["id"]}).text.strip()
    assert label == DEFAULT_MARKETING_CONSENT_TEXT
    # Its own box, after the consent to be contacted.
    boxes = [b["name"] for b in html.select(".contact-form input[type=checkbox]")]
    assert boxes == [CONSENT_FIELD, MARKETING_FIELD]


def test_an_enquiry_without_marketing_consent_is_stored_and_says_so(
    client, contact_page
):
    response = client.post(
        contact_page.url, valid_contact_data(client, contact_page, **ANSWERS)
    )
    assert response.templates[0].name == LANDING
    submission = ContactSubmission.objects.get()
    assert submission.marketing_consent is False
    assert submission.marketing_consent_text == DEFAULT_MARKETING_CONSENT_TEXT
    assert submission.consent_text == DEFAULT_CONSENT_TEXT
    assert submission.form_data == ANSWERS  # neither consent among the answers


def test_marketing_consent_is_stored_apart_with_the_words_seen(client, contact_page):
    contact_page.marketing_consent_text = "Send me the clinic's newsletter."
    contact_page.save_revision().publish()
    data = valid_contact_data(client, contact_page, **ANSWERS)
    client.post(contact_page.url, {**data, MARKETING_FIELD: "on"})
    submission = ContactSubmission.objects.get()
    assert submission.marketing_consent is True
    assert submission.marketing_consent_text == "Send me the clinic's newsletter."
    assert submission.form_data == ANSWERS


def test_a_blank_marketing_text_shows_the_default_in_the_visitors_language(
    client, contact_page
):
    contact_page.marketing_consent_text = ""
    contact_page.save_revision().publish()
    html = soup(client.get(contact_page.url))
    box = html.find("input", attrs={"name": MARKETING_FIELD})
    label = html.find("label", attrs={"for": box["id"]}).text.strip()
    assert label == DEFAULT_MARKETING_CONSENT_TEXT


def test_the_admin_lists_and_exports_marketing_consent(
    client, contact_page, admin_user
):
    data = valid_contact_data(client, contact_page, **ANSWERS)
    client.post(contact_page.url, {**data, MARKETING_FIELD: "on"})
    other = valid_contact_data(client, contact_page, **{**ANSWERS, "full_name": "Lim"})
    client.post(contact_page.url, other)
    client.force_login(admin_user)
    url = reverse("wagtailforms:list_submissions", args=[contact_page.pk])

    html = soup(client.get(url))
    headings = [" ".join(th.get_text(" ").split()) for th in html.select("thead th")]
    assert "Marketing consent" in headings
    assert "Marketing consent text" in headings
    rows = {" ".join(tr.get_text(" ").split()) for tr in html.select("tbody tr")}
    assert any("Tan Mei Ling" in row and " Yes " in f" {row} " for row in rows)
    assert any("Lim" in row and " No " in f" {row} " for row in rows)

    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(content)))
    by_name = {row["Full name"]: row for row in table}
    assert by_name["Tan Mei Ling"]["Marketing consent"] == "Yes"
    assert by_name["Lim"]["Marketing consent"] == "No"
    assert (
        by_name["Tan Mei Ling"]["Marketing consent text"]
        == DEFAULT_MARKETING_CONSENT_TEXT
    )
    assert by_name["Lim"]["Consent"] == DEFAULT_CONSENT_TEXT
