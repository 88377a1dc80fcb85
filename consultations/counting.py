"""What is counted, and what is not.

Counted: a click on the clinic's phone, WhatsApp or Consultation link (the
beacon of consultations/static/consultations/counts.js, received by
consultations/views.py), and an enquiry sent with the contact form
(ContactPage.render_landing_page), each against the page the visitor was
reading, on today's date, in that page's language: one more in a daily counter
(DailyConsultationCount). Nothing else is kept: no cookie is set, no address or
user agent is stored (the per-client rate limit keeps a hashed key for an hour,
serving/throttle.py, as the contact form's does).

Not counted: a browser that asks not to be tracked (`DNT: 1`, or Global Privacy
Control `Sec-GPC: 1`), a kind of link we do not know, a page that is not live,
and beyond LIMIT beacons from one client within WINDOW seconds.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.models import Page

from consultations.models import DailyConsultationCount, Kind
from serving import throttle

#: The contact form's hidden field holding the page the visitor read last.
ORIGIN_FIELD = "origin_page"

#: Beacons per client per window: far above what a person clicks in an hour.
LIMIT = 30
WINDOW = 60 * 60
THROTTLE_SCOPE = "consultation-count"

# A page id as a form sends it: digits only, and small enough for the database.
MAX_ID_DIGITS = 10

#: What a beacon may count (enquiries are counted by the contact form itself).
CLICK_KINDS = frozenset({Kind.PHONE, Kind.WHATSAPP, Kind.CONSULTATION})


def opted_out(request) -> bool:
    """The browser asks not to be tracked (Do Not Track or Global Privacy Control)."""
    return request.headers.get("DNT") == "1" or request.headers.get("Sec-GPC") == "1"


def within_limit(request) -> bool:
    hits = throttle.hit(THROTTLE_SCOPE, throttle.client_ip(request), window=WINDOW)
    return hits <= LIMIT


def live_page(value) -> Page | None:
    """The live page whose id a visitor's browser sent, or None for anything else."""
    if not (
        isinstance(value, str)
        and value.isascii()
        and value.isdigit()
        and len(value) <= MAX_ID_DIGITS
    ):
        return None
    return Page.objects.live().filter(pk=int(value)).select_related("locale").first()


def record(page: Page, kind: str) -> None:
    """One more `kind` for `page` today: one UPDATE, or an INSERT for the day's
    first (two first ones at once: the unique constraint decides, the loser adds)."""
    key = {
        "page": page,
        "date": timezone.localdate(),
        "language_code": page.locale.language_code,
        "kind": kind,
    }
    counts = DailyConsultationCount.objects.filter(**key)
    if counts.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DailyConsultationCount.objects.create(**key, count=1)
    except IntegrityError:
        counts.update(count=F("count") + 1)


def record_enquiry(request, contact_page: Page) -> None:
    """An enquiry sent: counted against the page the visitor read before the form
    (the hidden field counts.js fills from sessionStorage), or the contact page
    itself when the browser did not say or said something else."""
    if opted_out(request):
        return
    origin = live_page(request.POST.get(ORIGIN_FIELD)) or contact_page
    record(origin, Kind.ENQUIRY)
