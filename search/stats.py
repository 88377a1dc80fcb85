"""Counting searches without a database write on a visitor's request.

`record()` adds to an in-process buffer (a dict under a lock: no I/O). The buffer
is written in one batch by `flush()`, which runs from Django's
`request_finished` signal (after the response has been handed to the server) at
most every FLUSH_SECONDS per worker, or sooner when FLUSH_SIZE distinct queries
are waiting. Only first result pages are recorded: paging
through results is not a new search.

Why a per-process buffer rather than the cache: the cache API has no atomic
"add to a set of keys", so workers sharing Redis would lose keys between them or
need a lock; a per-worker buffer needs neither. What a worker restart or crash
loses is at most FLUSH_SECONDS of that worker's counts, which is fine for a
"what do people look for" report. (No flush at exit: at interpreter exit the
database connection may already point elsewhere, e.g. after a test run.)

Each flush also feeds Wagtail's own search-terms counts (Query, QueryDailyHits),
which the search-promotions admin uses to suggest popular queries.
"""

import logging
import threading
import time
from collections import defaultdict

from django.core.signals import request_finished
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from search.models import QUERY_LENGTH, DailySearchCount

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 60
FLUSH_SIZE = 200

_lock = threading.Lock()
# (date, language code, normalised query) -> [searches, searches that found nothing]
_pending: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
_last_flush = time.monotonic()


def record(language_code: str, query_string: str, found: bool) -> None:
    """Count one search (no I/O)."""
    query_string = normalise_query_string(query_string)[:QUERY_LENGTH]
    if not query_string:
        return
    key = (timezone.localdate(), language_code, query_string)
    with _lock:
        counts = _pending[key]
        counts[0] += 1
        if not found:
            counts[1] += 1


def discard() -> None:
    """Forget what is buffered and restart the clock (tests start from nothing)."""
    global _last_flush
    with _lock:
        _pending.clear()
        _last_flush = time.monotonic()


def pending() -> dict[tuple, list[int]]:
    with _lock:
        return {key: list(counts) for key, counts in _pending.items()}


def flush() -> int:
    """Write the buffered counts; returns how many queries were written."""
    global _last_flush
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    for (date, language_code, query_string), (searches, no_results) in batch.items():
        try:
            _add(date, language_code, query_string, searches, no_results)
        except DatabaseError:
            logger.exception("Could not record searches for %r", query_string)
    return len(batch)


def _add(date, language_code: str, query_string: str, searches: int, no_results: int):
    key = {"date": date, "language_code": language_code, "query_string": query_string}
    with transaction.atomic():
        updated = DailySearchCount.objects.filter(**key).update(
            searches=F("searches") + searches, no_results=F("no_results") + no_results
        )
        if not updated:
            try:
                with transaction.atomic():
                    DailySearchCount.objects.create(
                        **key, searches=searches, no_results=no_results
                    )
            except IntegrityError:  # another worker created it meanwhile
                DailySearchCount.objects.filter(**key).update(
                    searches=F("searches") + searches,
                    no_results=F("no_results") + no_results,
                )
        query = Query.get(query_string)
        daily, _created = QueryDailyHits.objects.get_or_create(query=query, date=date)
        QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + searches)


def flush_if_due(**kwargs) -> None:
    with _lock:
        waiting = len(_pending)
        due = waiting and (
            waiting >= FLUSH_SIZE or time.monotonic() - _last_flush >= FLUSH_SECONDS
        )
    if due:
        flush()


def connect() -> None:
    request_finished.connect(flush_if_due, dispatch_uid="search.stats.flush_if_due")
