"""`make bench-bakerydemo`'s own parts (deploy/bench_bakerydemo.py), without running
the benchmark: which pins bakerydemo's venv gets, the wrk script that asks for a
different URL on each request, and the table it prints."""

import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))
from bench_bakerydemo import (
    bakerydemo_requirements,
    problems,
    read_pins,
    rotation_script,
    table,
    verdict,
)
from harness import ROOT

BAKERYDEMO_BASE = """\
Django>=6.0,<6.1
python-dotenv>=1.2.1,<2
wagtail>=7.4,<7.5
wagtail-font-awesome-svg>=1,<2
django-debug-toolbar>=4.2,<5  # its urls.py imports it
"""
BAKERYDEMO_PRODUCTION = """\
-r base.txt
elasticsearch==5.5.3
uwsgi>=2.0.17,<2.1
whitenoise>=6.11.0,<7
"""


def result(rps, cpu_ms=None, p50=10.0, p99=40.0, **counts):
    found = {"rps": rps, "p50": p50, "p99": p99, "requests": 100}
    found.update({"errors": 0, "non_2xx": 0, **counts})
    if cpu_ms is not None:
        found["cpu_ms"] = cpu_ms
    return found


def test_pins_are_read_by_normalised_name_without_extras_or_comments():
    pins = read_pins(
        "# Tests\nDjango==5.2.19\npsycopg[binary]==3.3.9  # driver\n"
        "typing_extensions==4.16.0\nwagtail>=7\n-r other.txt\n"
    )
    assert pins == {
        "django": "Django==5.2.19",
        "psycopg": "psycopg==3.3.9",
        "typing-extensions": "typing_extensions==4.16.0",
    }


def test_our_requirements_pin_what_bakerydemo_is_run_with():
    pins = read_pins((ROOT / "requirements.txt").read_text())
    assert {"django", "wagtail", "gunicorn"} <= set(pins)


def test_bakerydemo_gets_our_django_and_wagtail_and_keeps_its_other_requirements():
    pins = read_pins("Django==5.2.19\nwagtail==8.0.1\ngunicorn==27.0.1\n")
    wanted, replaced = bakerydemo_requirements(
        BAKERYDEMO_BASE, BAKERYDEMO_PRODUCTION, pins
    )
    assert wanted == [
        "Django==5.2.19",
        "wagtail==8.0.1",
        "gunicorn==27.0.1",
        "python-dotenv>=1.2.1,<2",
        "wagtail-font-awesome-svg>=1,<2",
        "django-debug-toolbar>=4.2,<5",
        "whitenoise>=6.11.0,<7",
    ]
    assert replaced == {
        "Django>=6.0,<6.1": "Django==5.2.19",
        "wagtail>=7.4,<7.5": "wagtail==8.0.1",
    }


def test_rotation_script_lists_every_path_and_strides_by_thread():
    script = rotation_script(["/en/a/", '/zh-hans/b"/', "/search/?q=stem+cells"], 2)
    assert '  "/en/a/",\n  "/zh-hans/b\\"/",\n  "/search/?q=stem+cells",\n' in script
    assert "local threads = 2" in script
    assert "count = count + threads" in script


def test_rotation_script_wants_percent_encoded_paths():
    with pytest.raises(ValueError):
        rotation_script(["/zh-hans/search/?q=干细胞"])
    with pytest.raises(ValueError):
        rotation_script(["/en/\n"])


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed")
def test_wrk_asks_for_each_path_with_the_proxy_headers(tmp_path):
    seen = []

    class Recorder(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            seen.append((self.path, self.headers["Host"]))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    paths = [f"/en/insights/generated-article-{n}/" for n in range(1, 41)]
    script = tmp_path / "rotation.lua"
    script.write_text(rotation_script(paths, threads=2))
    try:
        subprocess.run(  # noqa: S603 (wrk, at our own server)
            [shutil.which("wrk"), "-t2", "-c2", "-d1s", "-H", "Host: localhost",
             "-s", str(script), f"http://127.0.0.1:{server.server_port}/"],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
    finally:
        server.shutdown()
    assert {path for path, _host in seen} == set(paths)
    assert {host for _path, host in seen} == {"localhost"}
    # The two threads take turns along the list: no path twice before it comes round.
    first_round = [path for path, _host in seen[: len(paths) // 2]]
    assert len(set(first_round)) == len(first_round)


def test_table_puts_the_sites_side_by_side_with_the_ratio():
    lines = table(
        [
            ("article / blog post", result(120.0, 11.5), result(60.0, 30.25)),
            ("home / home", result(90.5, 15.0, p50=12.4, p99=80.6), result(0.0)),
        ]
    )
    assert lines[0].startswith("| page (this site / bakerydemo) | this site req/s")
    assert lines[2] == (
        "| article / blog post | 120.0 | 11.5 | 10 / 40 | 60.0 | 30.2 | 10 / 40 "
        "| 2.00× |"
    )
    assert lines[3] == "| home / home | 90.5 | 15.0 | 12 / 81 | 0.0 | – | 10 / 40 | – |"


def test_verdict_names_the_target_and_whether_it_was_met():
    home = (result(200.0), result(100.0))
    search = (result(50.0), result(40.0))
    met = verdict(result(120.0, 11.9), result(60.0, 23.8), home, search)
    assert "2.00×, 11.9 ms: met (CPU per request 0.50 of the blog post's)" in met
    assert "home 2.00×, search 1.25×" in met
    assert "not met" in verdict(result(120.0, 12.5), result(60.0), home, search)
    assert "not met" in verdict(result(110.0, 9.0), result(60.0), home, search)


def test_second_visits_and_socket_errors_are_noted_and_bad_statuses_fail():
    clean = [("article / blog post", result(10.0), result(5.0))]
    assert problems(clean, rotation=996) == ([], [])
    notes, failures = problems(
        [
            ("article / blog post", result(150.0, requests=1245), result(5.0)),
            ("home / home", result(9.0, errors=4), result(5.0, non_2xx=2)),
        ],
        rotation=996,
    )
    assert notes == [
        "The article's 1,245 requests went round 996 articles: 20% were second "
        "visits (raise BENCH_ARTICLES for every one a first).",
        "home / home, this site: 4 socket errors or timeouts",
    ]
    assert failures == ["home / home, bakerydemo: 2 responses not 2xx or 3xx"]
