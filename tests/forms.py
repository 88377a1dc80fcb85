"""Fill in the contact form as a browser does: GET the page, keep the form's hidden
fields (the CSRF token, the "form shown at" timestamp), tick the required boxes,
add the answers."""

import time
from unittest import mock

from django.test import TestCase

from bs4 import BeautifulSoup

from enquiries import forms as contact_form


def valid_contact_data(client, page, *, seconds_ago: float = 30, **fields) -> dict:
    """The POST data of a visitor who opened `page` `seconds_ago` and filled `fields`
    (the form refuses posts sent sooner than a person could fill it in)."""
    with mock.patch.object(contact_form, "now", return_value=time.time() - seconds_ago):
        response = client.get(page.url)
        assert response.status_code == 200, response.status_code
        html = BeautifulSoup(response.content, "html.parser")
        form = html.select_one("form.contact-form")
        data = {
            field["name"]: field.get("value", "")
            for field in form.select("input[type=hidden]")
        }
    for box in form.select("input[type=checkbox][required]"):
        data[box["name"]] = "on"
    data.update(fields)
    return data


def post_and_commit(client, url: str, data: dict, **extra):
    """POST as a browser does, then run what waits for the request's transaction to
    commit (the staff email), as the real commit would: each test runs inside one
    transaction that never commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data, **extra)
