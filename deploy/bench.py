"""`make bench`: how fast the site is, measured the way it runs in production.

On a machine with Python and apt only: installs wrk, nginx and Varnish from
Debian when missing (as root), builds a SQLite site with the demo content plus
BENCH_ARTICLES generated articles in both languages (once, kept in BENCH_DIR),
then for home, the insights index, a category, an article, a search and a 404:

* uncached   gunicorn (production settings, 2 workers), page cache off; the
             site-wide fragments (menu, sidebar, cards) are warm, as in production
* cold       the same with the fragment memo off too: every request from scratch
* django     the page cache on (Django's cache: local memory, or REDIS_URL)
* varnish    Varnish (deploy/varnish.vcl) in front of the cached gunicorn
* nginx      one saved article HTML file served by nginx: the reference

Each line gives requests per second, p50 and p99 latency (wrk, BENCH_CONNECTIONS
connections), gunicorn's CPU time per request and the ratio to nginx; then the
database queries per page (uncached, warm) and the time from a publish to the
change being visible through Varnish.

Environment: BENCH_DIR (/tmp/clinic-bench), BENCH_ARTICLES (1000), BENCH_SECONDS
(10), BENCH_CONNECTIONS (16), REDIS_URL (optional: the Django cache in Redis).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import HOST, PYTHON, ROOT, Workspace, fetch, find, free_port, log

BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/clinic-bench"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "1000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
WRK_THREADS = 2
TOOLS = {"wrk": "wrk", "nginx": "nginx", "varnishd": "varnish"}
# As a TLS proxy in front would send them; `localhost` is the demo site's hostname,
# so that Wagtail's purges (by the site's URLs) reach the objects Varnish holds.
HEADERS = ["-H", "X-Forwarded-Proto: https", "-H", f"Host: {HOST}"]

# The site, its processes and their logs live in BENCH_DIR (deploy/harness.py).
WORKSPACE = Workspace(BENCH_DIR, workers=WORKERS)
site_env = WORKSPACE.site_env
manage = WORKSPACE.manage
process = WORKSPACE.process
gunicorn = WORKSPACE.gunicorn


def ensure_tools() -> None:
    missing = [pkg for tool, pkg in TOOLS.items() if not find(tool)]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(
            f"Missing {', '.join(missing)}: "
            f"install them (apt-get install {' '.join(missing)})."
        )
    log(f"Installing {', '.join(missing)} from Debian...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def prepare_site() -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    marker = BENCH_DIR / f"ready-{ARTICLES}"
    if marker.exists():
        log(f"Site in {BENCH_DIR} is ready ({ARTICLES} articles in each language).")
    else:
        log(
            f"Building the site in {BENCH_DIR} "
            f"(demo + {ARTICLES} articles x 2 languages)..."
        )
        manage("migrate", "--noinput", "-v0")
        manage("load_demo_content")
        manage("generate_articles", "--count", str(ARTICLES))
        marker.write_text("ok\n")
    manage("collectstatic", "--noinput", "-v0")


def server_cpu_ticks(root_pid: int) -> int:
    """utime + stime of gunicorn's master and workers (clock ticks)."""
    pids = [root_pid] + [
        int(p)
        for p in subprocess.run(
            ["pgrep", "-P", str(root_pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def warm_up(url: str) -> None:
    """Fill the caches (a few requests), retrying while a server settles."""
    for attempt in range(10):
        try:
            for _ in range(3):
                fetch(url)
            return
        except OSError:
            time.sleep(1 + attempt)
    fetch(url)


def wrk(url: str, server_pid: int | None = None, script: Path | None = None) -> dict:
    """wrk at `url` after warming it up; with `script` (a Lua file) the paths
    come from the script's request(), `url` only naming the server and the page
    warmed up."""
    warm_up(url)
    before = server_cpu_ticks(server_pid) if server_pid else 0
    out = subprocess.run(
        [
            find("wrk"),
            f"-t{WRK_THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--latency",
            *HEADERS,
            *(["-s", str(script)] if script else []),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = server_cpu_ticks(server_pid) if server_pid else 0
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result = {
        "requests": requests,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency_ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": latency_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": sum(
            int(n) for n in re.findall(r"(?:Socket errors|timeout)\D+(\d+)", out)
        ),
    }
    if server_pid and requests:
        ticks = os.sysconf("SC_CLK_TCK")
        result["cpu_ms"] = (after - before) * 1000 / ticks / requests
    return result


def latency_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def pick_urls(base: str) -> dict[str, str]:
    _status, html, _headers = fetch(base + "/en/insights/")
    category = (
        re.search(rb'href="(/en/insights/category/[^"]+/)"', html).group(1).decode()
    )
    return {
        "home": "/en/",
        "insights index": "/en/insights/",
        "category": category,
        "article": f"/en/insights/generated-article-{max(1, ARTICLES // 2)}/",
        "search": "/en/search/?q=stem+cells",
        "404": "/en/no-such-page/",
    }


def measure_queries(urls: dict[str, str]) -> dict[str, int]:
    code = r"""
import json, sys, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="localhost")
counts = {}
for name, url in json.loads(sys.argv[1]).items():
    client.get(url); client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    counts[name] = len(queries)
print(json.dumps(counts))
"""
    out = subprocess.run(
        [PYTHON, "-c", code, json.dumps(urls)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=site_env(PAGE_CACHE_ENABLED=0),
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def nginx_static(html: bytes):
    root = BENCH_DIR / "nginx"
    root.mkdir(exist_ok=True)
    (root / "article.html").write_bytes(html)
    port = free_port()
    conf = root / "nginx.conf"
    conf.write_text(f"""
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp;
    fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        default_type text/html;
        location / {{ try_files /article.html =404; }}
    }}
}}
""")
    (root / "tmp").mkdir(exist_ok=True)
    return port, process(
        [find("nginx"), "-c", str(conf), "-g", "daemon off;"],
        ready_url=f"http://127.0.0.1:{port}/",
    )


def varnish(backend_port: int):
    """Varnish (deploy/varnish.vcl) in front of the gunicorn on `backend_port`."""
    return WORKSPACE.varnish([backend_port])


PUBLISHES = 6


def publish_visible_ms(varnish_port: int, path: str) -> list[tuple[float, float]]:
    """Publish a new title PUBLISHES times from one process, as an admin worker
    does, the article cached in Varnish before each; per publish, (ms the publish
    took, ms from its start until Varnish serves the new title). The first pays
    the process's cold start (imports, connections)."""
    base = f"http://127.0.0.1:{varnish_port}"
    code = r"""
import secrets, sys, time, urllib.request, django
django.setup()
from blog.models import ArticlePage
slug = sys.argv[1].strip("/").split("/")[-1]
page = ArticlePage.objects.get(slug=slug, locale__language_code="en")
request = urllib.request.Request(
    sys.argv[2] + sys.argv[1],
    headers={"Host": "localhost", "X-Forwarded-Proto": "https"},
)
def body():
    with urllib.request.urlopen(request) as response:
        return response.read()
for _ in range(int(sys.argv[3])):
    body(), body()  # cached in Varnish now
    page.title = marker = f"Bench {secrets.token_hex(4)}"
    start = time.monotonic()
    page.save_revision().publish()
    published = time.monotonic()
    while time.monotonic() - start < 30 and marker.encode() not in body():
        time.sleep(0.005)
    print((published - start) * 1000, (time.monotonic() - start) * 1000)
"""
    run = subprocess.run(
        [PYTHON, "-c", code, path, base, str(PUBLISHES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=site_env(FRONTEND_CACHE_URL=base),
    )
    if run.returncode:
        sys.exit(f"The publisher failed:\n{run.stderr[-3000:]}")
    lines = run.stdout.strip().splitlines()[-PUBLISHES:]
    return [tuple(float(n) for n in line.split()) for line in lines]


def publish_summary(publishes: list[tuple[float, float]]) -> str:
    (first_publish, first_visible), *warm = publishes
    visible = sorted(v for _, v in warm)
    return (
        f"Publish → visible through Varnish, from the click: {len(warm)} publishes "
        f"p50 {statistics.median(visible):.0f} ms, longest {visible[-1]:.0f} ms "
        f"(the publish itself p50 {statistics.median(p for p, _ in warm):.0f} ms); "
        f"the first, in a fresh process: {first_visible:.0f} ms "
        f"(publish {first_publish:.0f} ms)"
    )


def row(name: str, mode: str, result: dict, static_rps: float) -> str:
    cpu = f"{result['cpu_ms']:.2f}" if "cpu_ms" in result else "–"
    ratio = result["rps"] / static_rps if static_rps else 0
    return (
        f"| {name} | {mode} | {result['rps']:,.0f} | {result['p50']:.2f} | "
        f"{result['p99']:.2f} | {cpu} | {ratio:.3f} (1/{1 / ratio:,.0f}) |"
        if ratio
        else f"| {name} | {mode} | {result['rps']:,.0f} | – | – | {cpu} | – |"
    )


def main() -> None:
    ensure_tools()
    prepare_site()
    results: list[tuple[str, str, dict]] = []
    cache = "Redis" if os.environ.get("REDIS_URL") else "local memory"

    port = free_port()
    with gunicorn(port, PAGE_CACHE_ENABLED=0) as server:
        base = f"http://127.0.0.1:{port}"
        urls = pick_urls(base)
        _status, article_html, _headers = fetch(base + urls["article"])
        for name, path in urls.items():
            log(f"uncached  {name}")
            results.append((name, "uncached", wrk(base + path, server.pid)))
    queries = measure_queries(urls)

    port = free_port()
    with gunicorn(port, PAGE_CACHE_ENABLED=0, MEMO_CACHE_ENABLED=0) as server:
        for name, path in urls.items():
            log(f"cold      {name}")
            results.append(
                (name, "cold", wrk(f"http://127.0.0.1:{port}{path}", server.pid))
            )

    port = free_port()
    with gunicorn(port, PAGE_CACHE_ENABLED=1) as server:
        for name, path in urls.items():
            log(f"django    {name}")
            results.append(
                (
                    name,
                    f"django ({cache})",
                    wrk(f"http://127.0.0.1:{port}{path}", server.pid),
                )
            )
        vport, proxy = varnish(port)
        nport, web = nginx_static(article_html)
        with proxy, web:
            for name, path in urls.items():
                log(f"varnish   {name}")
                results.append(
                    (
                        name,
                        "varnish",
                        wrk(f"http://127.0.0.1:{vport}{path}", server.pid),
                    )
                )
            # Both serve from memory at tens of thousands of requests a second,
            # where the machine's other work moves the figures from one 10 s window
            # to the next: the article's guard rail alternates the two, side by side.
            beside = {"varnish": [], "nginx": []}
            for _ in range(2):
                log("varnish   article, beside nginx")
                beside["varnish"].append(
                    wrk(f"http://127.0.0.1:{vport}{urls['article']}")["rps"]
                )
                log("nginx     static article, beside Varnish")
                beside["nginx"].append(wrk(f"http://127.0.0.1:{nport}/")["rps"])
            publishes = publish_visible_ms(vport, urls["article"])

    sync = {}
    port = free_port()
    with gunicorn(port, PAGE_CACHE_ENABLED=1, GUNICORN_WORKER_CLASS="sync") as server:
        log("sync workers: article, cached")
        sync["cached"] = wrk(f"http://127.0.0.1:{port}{urls['article']}", server.pid)
    port = free_port()
    with gunicorn(port, PAGE_CACHE_ENABLED=0, GUNICORN_WORKER_CLASS="sync") as server:
        log("sync workers: article, uncached")
        sync["uncached"] = wrk(f"http://127.0.0.1:{port}{urls['article']}", server.pid)

    nport, web = nginx_static(article_html)
    with web:
        log("nginx     static article")
        static = wrk(f"http://127.0.0.1:{nport}/")

    lines = [
        f"Bench: {ARTICLES} articles x 2 languages, SQLite, gunicorn {WORKERS} workers "
        f"(gthread) with production settings, wrk -c{CONNECTIONS} -d{SECONDS}s, "
        f"{os.cpu_count()} CPUs.",
        "",
        "| page | mode | req/s | p50 ms | p99 ms | gunicorn CPU ms/req "
        "| vs nginx static |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    order = ["uncached", "cold", f"django ({cache})", "varnish"]
    for name in urls:
        for mode in order:
            for rname, rmode, result in results:
                if rname == name and rmode == mode:
                    lines.append(row(name, mode, result, static["rps"]))
    lines.append(row("saved article HTML", "nginx static file", static, static["rps"]))
    lines += [
        "",
        "Queries per page (uncached, warm): "
        + ", ".join(f"{name} {count}" for name, count in queries.items()),
        publish_summary(publishes),
        "Article through Varnish vs nginx, alternated (2 runs each): "
        f"{sum(beside['varnish']) / sum(beside['nginx']):.2f} "
        f"(Varnish {', '.join(f'{r:,.0f}' for r in beside['varnish'])} req/s; "
        f"nginx {', '.join(f'{r:,.0f}' for r in beside['nginx'])} req/s)",
        "Article with sync workers (no keep-alive): "
        f"uncached {sync['uncached']['rps']:,.0f} req/s, "
        f"cached {sync['cached']['rps']:,.0f} req/s "
        "(gthread above).",
    ]
    report = "\n".join(lines)
    (BENCH_DIR / "results.md").write_text(report + "\n")
    log("\n" + report)


if __name__ == "__main__":
    main()
