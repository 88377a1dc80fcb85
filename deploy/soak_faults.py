"""The faults `make soak` brings on besides Redis, and the patients who write in
through them all.

* Missing media: the seed article's cover image loses its original file and its
  renditions (a bad restore), and gets its file back later. Pages must show
  without it: no 5xx.
* A database restart (PostgreSQL runs): `pg_ctl stop -m fast`, a few seconds
  down, start again. Requests meanwhile may answer 503 with Retry-After (or from
  the page cache), never hang; the site must recover by itself.
* Patients: one after another, each from an address of their own, open the
  contact form, take the 3 s a person needs, and send it; a "not sent" page
  (the database was down) is sent again a moment later, as its button offers.
  At the end every enquiry thanked must be stored exactly once, and one staff
  email sent per stored enquiry.
"""

from __future__ import annotations

import http.client
import json
import shutil
import time
from collections import Counter
from html.parser import HTMLParser
from typing import NamedTuple

from harness import Browser

SEED_ARTICLE = "stem-cell-therapy-for-knee-osteoarthritis"
CONTACT = "/en/contact/"
FILL_SECONDS = 3.2  # the form refuses a post sooner than 3 s after it was shown
ANSWERS = {"full_name": "Soak Patient", "email": "patient@example.com"}
THANKED = b"<h1>Thank you</h1>"
NOT_SENT = b"Your message was not sent"


# Missing media and the enquiries stored: run by the publisher, a Django process.


def cover_image():
    from blog.models import ArticlePage

    page = ArticlePage.objects.get(slug=SEED_ARTICLE, locale__language_code="en")
    return page.cover_image


def break_media() -> None:
    """The seed article's cover loses its original file and its renditions (their
    files and cached copies go with them), as after a bad restore."""
    image = cover_image()
    shutil.move(image.file.path, image.file.path + ".held")
    image.renditions.all().delete()


def restore_media() -> None:
    """The file comes back, and its renditions are made at once, as README tells an
    operator (saving the image makes them for every page that shows it)."""
    image = cover_image()
    shutil.move(image.file.path + ".held", image.file.path)
    image.save()


def stored_enquiries(run: str) -> dict[str, int]:
    """{message: times stored} of this run's enquiries."""
    from enquiries.models import ContactSubmission

    messages = (s.form_data.get("message", "") for s in ContactSubmission.objects.all())
    return dict(Counter(message for message in messages if run in message))


# Patients


class FormFields(HTMLParser):
    """The fields of the first form with `css_class` (any form if None): hidden
    inputs as they are, required checkboxes ticked."""

    def __init__(self, css_class: str | None) -> None:
        super().__init__()
        self.css_class = css_class
        self.inside = False
        self.done = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            classes = (attrs.get("class") or "").split()
            self.inside = self.css_class is None or self.css_class in classes
        elif tag == "input" and self.inside and attrs.get("name"):
            if attrs.get("type") == "hidden":
                self.fields[attrs["name"]] = attrs.get("value") or ""
            elif attrs.get("type") == "checkbox" and "required" in attrs:
                self.fields[attrs["name"]] = "on"

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(html: bytes, css_class: str | None = None) -> dict[str, str]:
    parser = FormFields(css_class)
    parser.feed(html.decode(errors="replace"))
    return parser.fields


class Enquiry(NamedTuple):
    message: str
    thanked: bool
    attempts: int  # posts it took (1 when the database was up)
    statuses: list[int]
    seconds: float  # from opening the form to the thank-you page


class Patient(Browser):
    """One browser at one address, one request at a time."""

    def __init__(self, port: int, address: str) -> None:
        super().__init__(port, timeout=30, headers={"X-Forwarded-For": address})

    def request(self, method: str, path: str, form: dict | None = None):
        """The status (0 when the site did not answer) and the body."""
        try:
            response, content, _seconds = super().request(method, path, form)
        except (OSError, http.client.HTTPException):
            return 0, b""
        return response.status, content

    def write_in(self, message: str, give_up_at: float) -> Enquiry:
        start = time.monotonic()
        statuses = []
        status, html = self.request("GET", CONTACT)
        while status != 200 and time.monotonic() < give_up_at:
            statuses.append(status)
            time.sleep(1)
            status, html = self.request("GET", CONTACT)
        form = {**form_fields(html, "contact-form"), **ANSWERS, "message": message}
        time.sleep(FILL_SECONDS)
        attempts = 0
        while time.monotonic() < give_up_at:
            attempts += 1
            status, html = self.request("POST", CONTACT, form)
            statuses.append(status)
            if status == 200 and THANKED in html:
                took = time.monotonic() - start
                return Enquiry(message, True, attempts, statuses, took)
            if status != 503 or NOT_SENT not in html:
                break
            form = form_fields(html)  # the "Send again" button's form
            time.sleep(1)
        return Enquiry(message, False, attempts, statuses, time.monotonic() - start)


def send_enquiries(port: int, run: str, until: float, results) -> None:
    """Patients write in one after another until `until`; puts the Enquiries."""
    enquiries = []
    number = 0
    while time.monotonic() + FILL_SECONDS + 1 < until:
        number += 1
        # Addresses of this run's own (the form's limit counts per address for
        # 10 minutes, in the database the soak keeps between runs).
        patient = Patient(port, f"198.18.{int(run, 16) % 256}.{number % 250 + 1}")
        message = f"Soak {run} enquiry {number}"
        enquiries.append(patient.write_in(message, give_up_at=until + 30))
    results.put([enquiry._asdict() for enquiry in enquiries])


def enquiry_verdict(enquiries: list[dict], stored: dict[str, int], emails: int):
    """(lines for the report, whether it passes)."""
    thanked = [e for e in enquiries if e["thanked"]]
    lost = [e["message"] for e in thanked if not stored.get(e["message"])]
    doubled = [message for message, times in stored.items() if times > 1]
    refused = [e for e in enquiries if not e["thanked"]]
    resent = [e for e in thanked if e["attempts"] > 1]
    stored_total = sum(stored.values())
    line = (
        f"Enquiries: {len(enquiries)} sent, {len(thanked)} thanked "
        f"({len(resent)} after a 'not sent' page and Send again), "
        f"{stored_total} stored, lost {len(lost)}, duplicated {len(doubled)}, "
        f"never thanked {len(refused)}; staff emails {emails} for {stored_total} "
        "stored."
    )
    if refused:
        line += f" Not thanked: {json.dumps(refused)[:300]}"
    ok = bool(thanked) and not (lost or doubled or refused) and emails == stored_total
    return [line], ok
