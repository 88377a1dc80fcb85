"""Lighthouse (npm `lighthouse`, mobile preset, Debian's Chromium) on the demo site's
main pages in both languages: accessibility, best practices and SEO score 100, and
the cumulative layout shift stays under 0.02. Performance depends on the machine's
load, so `make lighthouse` reports it (median of 3 runs) instead.

Two pages fail an audit on purpose, and only that audit is allowed there:
- search results say `noindex` (search engines must not index them: SEO's
  "is-crawlable");
- a missing page answers 404 (SEO's "http-status-code"), and Chromium logs that 404
  in the console (best practices' "errors-in-console").

Lighthouse takes about 20 s a page, and the scores do not depend on the database:
CI measures them in its SQLite run only.
"""

import shutil
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection

import pytest

from tests.browser import CHROMIUM, ROOT, require

sys.path.insert(0, str(ROOT / "deploy"))
from lighthouse import page_urls, run_lighthouse

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse"
ASSERTED = ["accessibility", "best-practices", "seo"]
MAXIMUM_CLS = 0.02
BY_DESIGN = {
    "search": {"seo: is-crawlable"},
    "404": {"seo: http-status-code", "best-practices: errors-in-console"},
}


def problems_of(name: str, result: dict) -> list[str]:
    where = f"{name} {result['url']}"
    if result["error"]:
        return [f"{where}: Lighthouse could not audit it ({result['error']})"]
    problems = []
    unexpected = set(result["failing"]) - BY_DESIGN.get(name.split()[-1], set())
    if unexpected:
        problems.append(f"{where}: failing audits {sorted(unexpected)}")
    if not BY_DESIGN.get(name.split()[-1]):
        problems += [
            f"{where}: {category} {result['scores'][category]}"
            for category in ASSERTED
            if result["scores"][category] < 100
        ]
    if result["cls"] is None or result["cls"] >= MAXIMUM_CLS:
        problems.append(f"{where}: cumulative layout shift {result['cls']}")
    return problems


def test_lighthouse_accessibility_best_practices_seo_and_layout_shift(
    live_server, monkeypatch
):
    require(CHROMIUM, "apt-get install chromium")
    require(LIGHTHOUSE, "npm ci")
    node = shutil.which("node")
    require(Path(node or "/usr/bin/node"), "apt-get install npm")
    if connection.vendor != "sqlite":
        pytest.skip("the scores do not depend on the database: measured on SQLite")
    call_command("load_demo_content", stdout=StringIO())
    call_command("set_site_url", live_server.url, stdout=StringIO())
    urls = page_urls(live_server.url)  # the pages `make lighthouse` measures
    monkeypatch.setenv("CHROME_PATH", str(CHROMIUM))
    results = run_lighthouse(list(urls.values()))
    assert [result["url"] for result in results] == list(urls.values())
    problems = []
    for name, result in zip(urls, results, strict=True):
        problems += problems_of(name, result)
    assert not problems, "\n".join(problems)
