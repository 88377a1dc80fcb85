"""The health check, and a plain 503 page when the database is down.

Neither touches the database more than it must, nor a template that could.
The health check fails (503) only when the site cannot serve: without the
database. A cache that fails leaves the site serving, uncached: 200 with the
degraded part named, so that a hung shared Redis does not take every node out
of the load balancer.
"""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from serving import not_sent
from serving.cache import breaker, version

logger = logging.getLogger(__name__)

HEALTH_PROBE_KEY = "healthz-probe"

UNAVAILABLE_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable</title></head>
<body><main>
<h1>Temporarily unavailable / <span lang="zh-Hans">暂时无法访问</span></h1>
<p>Please try again in a few minutes. / <span lang="zh-Hans">请几分钟后再试。</span></p>
</main></body>
</html>
"""


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False
    return True


def cache_answers() -> bool:
    """Does the page cache answer (or is it being left alone after a failure)?"""
    version.cache_get(HEALTH_PROBE_KEY)  # trips the breaker if Redis fails now
    return not breaker.cache_unavailable(version.get_cache())


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 503 "database unavailable" when the database does not
    answer; else 200, "ok" or "degraded: cache" (served, uncached)."""
    if not database_answers():
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    if not cache_answers():
        return HttpResponse("degraded: cache\n", content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def unavailable_response(request=None) -> HttpResponse:
    """503 with Retry-After; a visitor's form comes back to be sent again."""
    html = None
    if request is not None:
        try:
            html = not_sent.page(request)
        except Exception:  # the error page itself must not fail
            logger.exception("The page of a form sent during an outage failed")
    html = html or UNAVAILABLE_HTML
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: a database outage is a plain 503 (retry later), not a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        return unavailable_response(request)
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        return HttpResponseServerError("Server error", content_type="text/plain")
