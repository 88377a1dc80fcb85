"""Several app nodes, each behind a Varnish of its own: FRONTEND_CACHE_URL lists
them all, and a publish on any node purges every one (deploy/two_nodes.py runs
two nodes behind one Varnish for real)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from site_config.settings.base import frontend_caches
from tests.factories import ArticlePageFactory


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
