"""A Redis that hangs or is gone costs a request one short timeout, not seconds.

django-redis ignores a failing Redis (IGNORE_EXCEPTIONS), but each command still
waits for its socket timeout, and redis-py retries: a Redis that accepts
connections and never answers made one page wait 10 s. So the cache's
connection pool (CACHES' `CONNECTION_POOL_CLASS`) is `FailFastConnectionPool`:

* no retries: a command that failed has failed (the page is served uncached);
* short socket timeouts (`REDIS_TIMEOUT`, 50 ms, set in settings);
* a circuit breaker shared by the process's threads: after a connection error or
  a timeout, every command fails at once, without touching the network, for
  `REDIS_RETRY_AFTER` seconds (5); then one command tries Redis again, while the
  others keep failing at once, and its answer closes the breaker. So a request
  waits for Redis at most once, `REDIS_TIMEOUT`, however many look-ups it makes.

A connection refused or reset, or found dead when taken from the pool (Redis
restarted, a proxy cut it), may mean Redis came back from its disk without a
publish made meanwhile: `CircuitBreaker.interruptions` counts these, and
serving/cache/version.py then starts a new content version. A timeout does not
count: a Redis that is only slow still holds what it held.
`cache_unavailable()` tells the health check whether the breaker is open.
"""

from __future__ import annotations

import functools
import threading
import time

from django.conf import settings

from redis.backoff import NoBackoff
from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


def retry_after() -> float:
    return float(getattr(settings, "REDIS_RETRY_AFTER", 5))


class CircuitBreaker:
    """Closed (Redis answers), open (it did not: fail at once), or probing."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failing = False
        self._closed_until = 0.0  # monotonic time of the next probe
        self._prober: int | None = None  # the thread trying Redis again
        self.interruptions = 0  # connections refused, reset or dropped, ever

    def allow(self) -> bool:
        if not self._failing:
            return True
        with self._lock:
            me = threading.get_ident()
            now = time.monotonic()
            if self._prober == me:
                return True
            if now < self._closed_until:
                return False
            # This thread probes; the others fail at once until it has an answer.
            self._prober = me
            self._closed_until = now + retry_after()
            return True

    def probe_now(self) -> None:
        """Let this thread try Redis at once, pause or not: for a publish's new
        content version, which must not wait out the pause while Redis may be
        answering again (the other workers would serve the old pages meanwhile).
        Costs at most one `REDIS_TIMEOUT` if Redis is still gone."""
        if self._failing:
            with self._lock:
                self._prober = threading.get_ident()

    def failed(self, *, connection_lost: bool) -> None:
        with self._lock:
            self._failing = True
            self._prober = None
            self._closed_until = time.monotonic() + retry_after()
            if connection_lost:
                self.interruptions += 1

    def dropped(self) -> None:
        with self._lock:
            self.interruptions += 1

    def answered(self) -> None:
        if self._failing:
            with self._lock:
                self._failing = False
                self._prober = None

    @property
    def is_open(self) -> bool:
        return self._failing


def breaker_of(cache) -> CircuitBreaker | None:
    """The circuit breaker of a Django cache on this pool (None for other caches)."""
    client = getattr(cache, "client", None)  # django-redis's
    if client is None or not hasattr(client, "get_client"):
        return None
    pool = client.get_client(write=False).connection_pool
    return getattr(pool, "breaker", None)


def cache_unavailable(cache) -> bool:
    """Is this process leaving the cache's Redis alone after a failure?"""
    breaker = breaker_of(cache)
    return breaker is not None and breaker.is_open


class CircuitOpen(RedisConnectionError):
    """Raised instead of asking a Redis that failed moments ago."""


class _BreakerMixin:
    """Wraps a redis-py connection class: every network step passes the breaker."""

    def __init__(self, *args, breaker: CircuitBreaker, **kwargs):
        self.breaker = breaker
        super().__init__(*args, **kwargs)

    def _guarded(self, step, *args, **kwargs):
        try:
            return step(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            timed_out = isinstance(error, (RedisTimeoutError, TimeoutError))
            self.breaker.failed(connection_lost=not timed_out)
            raise

    def connect(self):
        if getattr(self, "_sock", None) is None and not self.breaker.allow():
            raise CircuitOpen("Redis failed moments ago: not asked")
        return self._guarded(super().connect)

    def send_packed_command(self, command, check_health=True):
        if not self.breaker.allow():
            raise CircuitOpen("Redis failed moments ago: not asked")
        return self._guarded(super().send_packed_command, command, check_health)

    def read_response(self, *args, **kwargs):
        response = self._guarded(super().read_response, *args, **kwargs)
        self.breaker.answered()
        return response

    def can_read(self, timeout: float = 0) -> bool:
        # The pool asks this of an idle connection before lending it: readable
        # (an end of file nobody asked for) or failing means Redis closed it. The
        # pool then reconnects; see the module's docstring.
        try:
            readable = super().can_read(timeout)
        except OUTAGE_ERRORS:
            self.breaker.dropped()
            raise
        if readable:
            self.breaker.dropped()
        return readable


@functools.cache
def _guarded_class(connection_class: type) -> type:
    name = f"FailFast{connection_class.__name__}"
    return type(name, (_BreakerMixin, connection_class), {})


class FailFastConnectionPool(ConnectionPool):
    """redis-py's pool, with no retries and one circuit breaker for its connections
    (TCP, TLS or a Unix socket alike)."""

    def __init__(self, connection_class=Connection, **connection_kwargs):
        self.breaker = CircuitBreaker()
        connection_kwargs["retry"] = Retry(NoBackoff(), 0)
        connection_kwargs["breaker"] = self.breaker
        super().__init__(
            connection_class=_guarded_class(connection_class), **connection_kwargs
        )
