"""Several app nodes, each behind a Varnish of its own: FRONTEND_CACHE_URL lists
them all, and a publish on any node purges every one (deploy/two_nodes.py runs
two nodes behind one Varnish for real); and the job that runs on one node only
that was missing: scheduled publishing."""

import datetime
import re
import shlex
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

import pytest

from site_config.settings.base import frontend_caches
from tests.factories import ArticlePageFactory
from tests.test_retention import unit


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):
        self.server.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnishes():
    servers = []
    for _ in range(2):
        server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
        server.purged = []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_publish_purges_every_varnish_listed(
    varnishes, blog_index, settings, django_capture_on_commit_callbacks
):
    urls = [f"http://127.0.0.1:{server.server_port}" for server in varnishes]
    settings.WAGTAILFRONTENDCACHE = frontend_caches(urls)
    assert len(settings.WAGTAILFRONTENDCACHE) == 2
    article = ArticlePageFactory(parent=blog_index, slug="on-every-node")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Changed"
        article.save_revision().publish()
    for server in varnishes:
        assert "/en/insights/on-every-node/" in server.purged
        assert "/en/insights/" in server.purged


# --- Jobs that run on one node: scheduled publishing ---------------------------------

DEPLOY = Path(django_settings.BASE_DIR) / "deploy"


def test_a_varnish_that_never_answers_delays_a_publish_by_one_timeout(
    varnishes, blog_index, settings, django_capture_on_commit_callbacks, caplog
):
    # Accepts connections (the kernel's backlog) and never answers: a stopped or
    # overloaded Varnish. Wagtail's own backend would wait for it without end.
    hung = socket.create_server(("127.0.0.1", 0), backlog=64)
    working = varnishes[0]
    settings.WAGTAILFRONTENDCACHE = frontend_caches(
        [
            f"http://127.0.0.1:{hung.getsockname()[1]}",
            f"http://127.0.0.1:{working.server_port}",
        ]
    )
    settings.FRONTEND_CACHE_TIMEOUT = 0.5
    article = ArticlePageFactory(parent=blog_index, slug="while-varnish-hangs")
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            article.title = "Changed"
            article.save_revision().publish()
        waited = time.monotonic() - started
    finally:
        hung.close()

    # The page, its index and home page, in both languages: one timeout for all
    # of them, not one each.
    assert waited < 3 * 0.5, waited
    assert "/en/insights/while-varnish-hangs/" in working.purged
    assert "/zh-hans/insights/" in working.purged
    assert "did not answer" in caplog.text


def test_scheduled_publishing_runs_every_minute_and_publishes(blog_index):
    timer = unit(DEPLOY / "systemd" / "clinic-publish-scheduled.timer")
    assert timer["Timer.OnCalendar"] == ["*-*-* *:*:00"]
    assert timer["Timer.Unit"] == ["clinic-publish-scheduled.service"]
    service = unit(DEPLOY / "systemd" / "clinic-publish-scheduled.service")
    (exec_start,) = service["Service.ExecStart"]
    cron = (DEPLOY / "cron" / "clinic-publish-scheduled").read_text()
    (cron_line,) = [line for line in cron.splitlines() if line.startswith("* * * * *")]
    commands = {
        tuple(
            shlex.split(
                re.search(r"manage\.py ([^;&|>]+?)(?: [0-9]?>|$)", line).group(1)
            )
        )
        for line in (exec_start, cron_line)
    }
    assert commands == {("publish_scheduled",)}

    # The command as written publishes an article whose go-live has come.
    article = ArticlePageFactory(parent=blog_index, slug="scheduled", live=False)
    article.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = article.save_revision()
    revision.publish()
    article.refresh_from_db()
    assert not article.live
    # The go-live time comes (moved back, rather than waiting for it).
    revision.refresh_from_db()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command(*commands.pop())
    article.refresh_from_db()
    assert article.live
