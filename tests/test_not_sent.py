"""A form sent while the database is down (serving/not_sent.py): the visitor gets a
503 with Retry-After, their words back, and a button that sends the form again;
nothing is stored. The outage is Django's cursor refusing, as in test_production;
tests/test_database_outage.py does the same against a PostgreSQL really stopped.
"""

from unittest import mock

from django.db import OperationalError, connection
from django.test import Client, RequestFactory

import pytest
from bs4 import BeautifulSoup

from enquiries.models import ContactSubmission
from serving import health, not_sent
from tests.forms import valid_contact_data

TYPED = {
    "full_name": "Tan Mei Ling",
    "email": "mei@example.com",
    "message": "Knee pain <script>x()</script>",
}


def post_while_down(browser: Client, url: str, data: dict):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        return browser.post(url, data)


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def test_the_patient_gets_their_words_back_and_can_send_again(browser, contact_page):
    data = valid_contact_data(browser, contact_page, **TYPED)
    response = post_while_down(browser, contact_page.url, data)
    assert response.status_code == 503
    assert response["Retry-After"] and response["Cache-Control"] == "no-store"
    html = BeautifulSoup(response.content, "html.parser")
    assert html.h1.text == "Your message was not sent"
    shown = html.main.text
    assert "Tan Mei Ling" in shown
    assert "Knee pain <script>x()</script>" in shown  # as text
    assert html.select_one("main script") is None
    assert data["form-token"] not in shown  # the form's machinery is not shown
    form = html.select_one("main form")
    assert form["action"] == contact_page.url and form["method"] == "post"
    again = {field["name"]: field["value"] for field in form.select("input")}
    assert again["message"] == TYPED["message"]
    assert again["form-token"] == data["form-token"]
    assert again["csrfmiddlewaretoken"]
    assert ContactSubmission.objects.count() == 0

    # The database is back: the button sends it, once.
    response = browser.post(contact_page.url, again)
    assert response.status_code == 200
    assert response.templates[0].name == "enquiries/contact_page_landing.html"
    assert ContactSubmission.objects.get().form_data["full_name"] == "Tan Mei Ling"


def test_a_chinese_visitor_reads_it_in_chinese(browser, db):
    response = post_while_down(browser, "/zh-hans/contact/", TYPED)
    html = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 503
    assert html.html["lang"] == "zh-hans"
    assert html.h1.text == "您的信息未能发送"
    assert html.select_one("main button").text == "重新发送"


def test_a_post_from_another_site_never_gets_its_text_shown(db):
    """Without a valid CSRF token nothing is echoed: no other site can make us show
    text of its choosing. Django refuses such a post before any view (403); if the
    database failed even earlier, the page checks the token itself."""
    browser = Client(raise_request_exception=False, enforce_csrf_checks=True)
    response = post_while_down(browser, "/en/contact/", TYPED)
    assert response.status_code == 403
    assert b"Tan Mei Ling" not in response.content
    forged = RequestFactory().post("/en/contact/", TYPED)
    assert not_sent.page(forged) is None
    response = health.unavailable_response(forged)
    assert response.status_code == 503 and response["Retry-After"]
    assert b"Tan Mei Ling" not in response.content


def test_the_admin_sign_in_never_echoes_a_password(browser, db):
    data = {"username": "marketer", "password": "correct horse battery"}
    response = post_while_down(browser, "/admin/login/", data)
    assert response.status_code == 503
    assert b"correct horse" not in response.content
    assert b"Temporarily unavailable" in response.content
