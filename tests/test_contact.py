"""The consultation form: stored and emailed when valid, forgiving when not."""

from django.core import mail

from bs4 import BeautifulSoup

from enquiries.models import ContactSubmission
from tests.forms import post_and_commit, valid_contact_data


def post(client, page, **data):
    # With the form's timestamp and consent, as a visitor's browser sends them.
    return post_and_commit(client, page.url, valid_contact_data(client, page, **data))


def test_form_renders_labels_and_fields(client, contact_page):
    html = BeautifulSoup(client.get(contact_page.url).content, "html.parser")
    labels = {
        label.text.strip().rstrip(" *") for label in html.select(".contact-form label")
    }
    assert {"Full name", "Email", "Message"} <= labels
    for field in html.select(".contact-form input[name], .contact-form textarea"):
        if field.get("type") != "hidden":
            assert html.find("label", attrs={"for": field["id"]}), field


def test_valid_submission_is_stored_emailed_and_thanked(client, contact_page):
    response = post(
        client,
        contact_page,
        full_name="Tan Mei Ling",
        email="mei@example.com",
        message="Knee pain",
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates][
        0
    ] == "enquiries/contact_page_landing.html"
    submission = ContactSubmission.objects.get(page=contact_page)
    assert submission.get_data()["full_name"] == "Tan Mei Ling"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["clinic@example.com"]
    assert mail.outbox[0].subject == "New enquiry"


def test_invalid_submission_keeps_input_shows_errors_and_stores_nothing(
    client, contact_page
):
    response = post(
        client, contact_page, full_name="Tan Mei Ling", email="not-an-email", message=""
    )
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("input", attrs={"name": "full_name"})["value"] == "Tan Mei Ling"
    assert html.find("input", attrs={"name": "email"})["value"] == "not-an-email"
    errors = {p["id"] for p in html.select(".form-field__error")}
    assert errors == {"id_email_error", "id_message_error"}
    assert html.find(attrs={"role": "alert"})
    assert ContactSubmission.objects.count() == 0
    assert mail.outbox == []
