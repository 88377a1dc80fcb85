"""Issue 12, defect 7: the contact form's "shown at" token sends one enquiry.

One token was good for three enquiries. Each token now carries a nonce recorded in
the database when its enquiry is stored; the same token again is dropped as a bot's
post is (thanked, nothing stored or sent), even after the cache is emptied."""

import datetime
import time
from unittest import mock

from django.core import mail
from django.core.cache import cache
from django.core.signing import Signer
from django.db import DatabaseError
from django.utils import timezone

import pytest

from enquiries import forms as contact_form
from enquiries.forms import STARTED_FIELD, read_token, started_token
from enquiries.models import ContactSubmission, UsedFormToken
from serving.models import ThrottleCounter
from tests.forms import post_and_commit, valid_contact_data

LANDING = "enquiries/contact_page_landing.html"
CONTACT = "enquiries/contact_page.html"
ANSWERS = {
    "full_name": "Tan Mei Ling",
    "email": "mei@example.com",
    "message": "Knee pain",
}


def template(response) -> str:
    assert response.status_code == 200
    return response.templates[0].name


def test_a_token_sends_one_enquiry_and_its_replays_are_dropped(client, contact_page):
    data = valid_contact_data(client, contact_page, **ANSWERS)
    assert template(post_and_commit(client, contact_page.url, data)) == LANDING
    assert ContactSubmission.objects.count() == 1
    assert len(mail.outbox) == 1
    assert UsedFormToken.objects.count() == 1

    # The same token twice more, with other answers and from elsewhere: thanked
    # (a bot learns nothing), nothing stored or sent.
    for number, address in enumerate(["127.0.0.1", "198.51.100.7"]):
        replay = {**data, "full_name": f"Replay {number}"}
        response = post_and_commit(
            client, contact_page.url, replay, REMOTE_ADDR=address
        )
        assert template(response) == LANDING
    assert ContactSubmission.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_replay_is_remembered_when_the_cache_is_emptied(client, contact_page):
    data = valid_contact_data(client, contact_page, **ANSWERS)
    post_and_commit(client, contact_page.url, data)
    cache.clear()  # Redis evicted everything, or restarted empty
    post_and_commit(client, contact_page.url, data)
    assert ContactSubmission.objects.count() == 1


def test_every_form_shown_gets_its_own_token(client, contact_page):
    first = valid_contact_data(client, contact_page, **ANSWERS)
    second = valid_contact_data(client, contact_page, **{**ANSWERS, "full_name": "Lim"})
    assert first[STARTED_FIELD] != second[STARTED_FIELD]
    assert template(post_and_commit(client, contact_page.url, first)) == LANDING
    assert template(post_and_commit(client, contact_page.url, second)) == LANDING
    assert ContactSubmission.objects.count() == 2


def test_a_form_sent_back_for_correction_keeps_its_token_unused(client, contact_page):
    data = valid_contact_data(client, contact_page, **{**ANSWERS, "email": "nope"})
    response = post_and_commit(client, contact_page.url, data)
    assert template(response) == CONTACT
    assert UsedFormToken.objects.count() == 0
    assert response.context["form"][STARTED_FIELD].value() == data[STARTED_FIELD]
    # Corrected, the same token sends the enquiry.
    response = post_and_commit(
        client, contact_page.url, {**data, "email": "mei@example.com"}
    )
    assert template(response) == LANDING
    assert ContactSubmission.objects.count() == 1


def test_a_form_refused_by_the_rate_limit_can_be_sent_later(client, contact_page):
    for _number in range(5):
        post_and_commit(
            client,
            contact_page.url,
            valid_contact_data(client, contact_page, **ANSWERS),
        )
    data = valid_contact_data(client, contact_page, **{**ANSWERS, "full_name": "Sixth"})
    assert template(post_and_commit(client, contact_page.url, data)) == CONTACT
    ThrottleCounter.objects.update(expires_at=timezone.now())  # the window has passed
    assert template(post_and_commit(client, contact_page.url, data)) == LANDING
    assert ContactSubmission.objects.filter(form_data__full_name="Sixth").exists()


def test_a_token_without_a_nonce_is_a_bots(client, contact_page):
    """Tokens from before nonces were replayable: they send nothing."""
    data = valid_contact_data(client, contact_page, **ANSWERS)
    signer = Signer(salt="enquiries.forms.started")
    data[STARTED_FIELD] = signer.sign(str(int(time.time()) - 60))
    assert template(post_and_commit(client, contact_page.url, data)) == LANDING
    assert ContactSubmission.objects.count() == 0


def test_used_tokens_are_kept_until_their_token_expires_then_deleted(
    client, contact_page
):
    stale = UsedFormToken.objects.create(
        nonce="old", expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    live = UsedFormToken.objects.create(
        nonce="recent", expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    post_and_commit(
        client, contact_page.url, valid_contact_data(client, contact_page, **ANSWERS)
    )
    nonces = set(UsedFormToken.objects.values_list("nonce", flat=True))
    assert stale.nonce not in nonces and live.nonce in nonces
    used = UsedFormToken.objects.exclude(pk=live.pk).get()
    # Remembered for as long as the token could be accepted (a day), not longer.
    remaining = used.expires_at - timezone.now()
    assert (
        datetime.timedelta(hours=23)
        < remaining
        <= datetime.timedelta(hours=24, minutes=2)
    )


def test_claiming_a_nonce_twice_fails_the_second_time(db):
    until = timezone.now() + datetime.timedelta(days=1)
    assert UsedFormToken.claim("abc", until) is True
    assert UsedFormToken.claim("abc", until) is False
    assert UsedFormToken.claim("abd", until) is True


def test_tokens_hold_a_time_and_a_random_nonce():
    with mock.patch.object(contact_form, "now", return_value=1_800_000_000.5):
        first, second = started_token(), started_token()
    assert read_token(first)[0] == read_token(second)[0] == 1_800_000_000
    assert read_token(first)[1] != read_token(second)[1]
    assert len(read_token(first)[1]) >= 16
    assert read_token(first.replace(":", ";")) is None


def test_a_token_stays_unused_when_its_enquiry_cannot_be_stored(client, contact_page):
    data = valid_contact_data(client, contact_page, **ANSWERS)
    failing = mock.patch.object(
        ContactSubmission.objects, "create", side_effect=DatabaseError("disk full")
    )
    with failing, pytest.raises(DatabaseError):
        post_and_commit(client, contact_page.url, data)
    assert UsedFormToken.objects.count() == 0
    # Sent again once the database is back, the enquiry is stored.
    assert template(post_and_commit(client, contact_page.url, data)) == LANDING
    assert ContactSubmission.objects.count() == 1
