"""`make bench-bakerydemo`: this site beside Wagtail's own demo, bakerydemo, in one
run on one machine. Issue 18's yardstick: an uncached article at least twice the
requests per second of bakerydemo's blog post (aim: at most 12 ms of server CPU),
while the home page and search keep their lead.

Method, the same for both sites: gunicorn with deploy/gunicorn.conf.py
(BENCH_WORKERS gthread workers), production settings, SQLite; wrk -t2
-cBENCH_CONNECTIONS -dBENCH_SECONDS with the TLS proxy's headers and a Lua script
that asks for a different URL on each request; server CPU per request is the
utime + stime of gunicorn's processes (/proc) over the run, divided by the
requests. Every URL is warmed up first (images' renditions made); both servers run
side by side, and each page is measured on this site, then on bakerydemo.

* This site: `make bench`'s site in BENCH_DIR (demo content and BENCH_ARTICLES
  generated articles in each language), the page cache off (PAGE_CACHE_ENABLED=0):
  the article rotates over BENCH_ARTICLES - 4 generated articles, odd numbers in
  English and even ones in Chinese (never two translations of one article), so each
  request is a real miss; the site-wide fragments are warm (the other 4 articles
  first), as on a site serving since its last publish. Home: /en/ and /zh-hans/;
  search: a few queries in each language.
* bakerydemo: BAKERYDEMO_DIR's HEAD (a checkout or a bare clone of
  github.com/wagtail/bakerydemo), exported with `git archive` to BENCH_DIR/bakerydemo
  (its checkout is left alone), in a venv of its own with this site's Django,
  Wagtail and gunicorn pins, the rest of its requirements/base.txt and WhiteNoise
  (its production settings need it), every shared dependency held to this site's
  pin (requirements.txt as pip constraints). Its own production settings (DEBUG
  off, WhiteNoise, local-memory cache, no page cache: every page is a miss), its
  demo data (`load_initial_data`). Blog post: its blog posts in turn; home: /;
  search: a few queries. Its source is not patched: HEAD runs unchanged on
  Django 5.2 and Wagtail 8 (the script says so, with the pins it replaced).

Prints one table (req/s, CPU ms per request, p50/p99 latency on each site, the ratio
of requests per second) and the load average; writes it to
BENCH_DIR/bakerydemo-results.md.

Environment: BAKERYDEMO_DIR (required), BENCH_DIR (/tmp/clinic-bench),
BENCH_ARTICLES (1000), BENCH_SECONDS (10), BENCH_CONNECTIONS (16), BENCH_WORKERS (2).
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
from urllib.parse import quote_plus

from bench import (
    ARTICLES,
    BENCH_DIR,
    CONNECTIONS,
    SECONDS,
    WORKERS,
    WRK_THREADS,
    ensure_tools,
    gunicorn,
    prepare_site,
    site_env,
    warm_up,
    wrk,
)
from harness import PYTHON, ROOT, Workspace, fetch, free_port, log

BAKERY_DIR = BENCH_DIR / "bakerydemo"
SOURCE = BAKERY_DIR / "src"  # the exported commit, its database and media
VENV = BAKERY_DIR / "venv"
BAKERY = Workspace(BAKERY_DIR, workers=WORKERS)
# Ours replace bakerydemo's (it asks for Django 6, which needs Python 3.12).
REPLACED = ("django", "wagtail")
# Its production settings import WhiteNoise; the rest of its production requirements
# (uwsgi, Elasticsearch, S3, Google Cloud, Redis) serve variables we leave unset.
FROM_PRODUCTION = ("whitenoise",)
# Warmed up, never measured: their site-wide fragments warm, not the measured articles'.
WARM_ARTICLES = 4
MINIMUM_ROTATION = 500
OUR_SEARCHES = {
    "en": ["stem cells", "knee pain", "clinical trial"],
    "zh-hans": ["干细胞", "膝关节", "临床试验"],
}
BAKERY_SEARCHES = ["bread", "sourdough", "yeast", "baking"]


def requirement_name(line: str) -> str | None:
    """The normalised project name a requirement line installs (PEP 503), or None
    for comments, blank lines and pip options (`-r`, `--hash`)."""
    line = line.split("#", 1)[0].strip()
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
    return re.sub(r"[-_.]+", "-", match.group(0)).lower() if match else None


def read_pins(requirements: str) -> dict[str, str]:
    """`name==version` lines of a requirements file, by normalised name, extras
    dropped (pip refuses extras in constraints)."""
    pins = {}
    for line in requirements.splitlines():
        spec = line.split("#", 1)[0].strip()
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^]]*\])?==(\S+)", spec)
        if match:
            pins[requirement_name(spec)] = f"{match.group(1)}=={match.group(3)}"
    return pins


def bakerydemo_requirements(
    base: str, production: str, pins: dict[str, str]
) -> tuple[list[str], dict[str, str]]:
    """What bakerydemo's venv installs: its requirements/base.txt with our pins in
    place of REPLACED, the FROM_PRODUCTION lines of requirements/production.txt, and
    our gunicorn; and what was replaced (bakerydemo's line → ours)."""
    wanted, replaced = [], {}
    for line in base.splitlines():
        name = requirement_name(line)
        if name is None:
            continue
        spec = line.split("#", 1)[0].strip()
        if name in REPLACED:
            replaced[spec] = pins[name]
        else:
            wanted.append(spec)
    for line in production.splitlines():
        if requirement_name(line) in FROM_PRODUCTION:
            wanted.append(line.split("#", 1)[0].strip())
    ours = [pins[name] for name in (*REPLACED, "gunicorn")]
    return ours + wanted, replaced


def lua_string(text: str) -> str:
    if not text.isascii() or not text.isprintable():
        raise ValueError(f"Not a percent-encoded path: {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rotation_script(paths: list[str], threads: int = WRK_THREADS) -> str:
    """A wrk Lua script asking for `paths` in turn, one per request: thread n of
    `threads` takes paths n, n + threads, …, so no path is asked twice before
    the list comes round."""
    listed = "".join(f"  {lua_string(path)},\n" for path in paths)
    return f"""-- Written by deploy/bench_bakerydemo.py: one path per request, in turn.
local paths = {{
{listed}}}
local threads = {threads}
local count = 0
local started = 0

function setup(thread)
  thread:set("first", started)
  started = started + 1
end

function init(args)
  count = first
end

function request()
  local path = paths[count % #paths + 1]
  count = count + threads
  return wrk.format(nil, path)
end
"""


def cell(result: dict) -> list[str]:
    cpu = f"{result['cpu_ms']:.1f}" if "cpu_ms" in result else "–"
    return [
        f"{result['rps']:,.1f}",
        cpu,
        f"{result['p50']:.0f} / {result['p99']:.0f}",
    ]


def table(rows: list[tuple[str, dict, dict]]) -> list[str]:
    """Markdown: one line a page, this site beside bakerydemo and the ratio of
    their requests per second."""
    lines = [
        "| page (this site / bakerydemo) | this site req/s | CPU ms/req "
        "| p50 / p99 ms | bakerydemo req/s | CPU ms/req | p50 / p99 ms "
        "| req/s ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, ours, theirs in rows:
        ratio = f"{ours['rps'] / theirs['rps']:.2f}×" if theirs["rps"] else "–"
        lines.append(
            "| " + " | ".join([page, *cell(ours), *cell(theirs), ratio]) + " |"
        )
    return lines


def verdict(article: dict, post: dict, home: tuple, search: tuple) -> str:
    """Issue 18's target met or not; also the CPU per request against
    bakerydemo's, steadier than req/s on a machine other work shares."""
    ratio = article["rps"] / post["rps"]
    cpu = article.get("cpu_ms", 0)
    met = ratio >= 2 and 0 < cpu <= 12
    leads = ", ".join(
        f"{name} {ours['rps'] / theirs['rps']:.2f}×"
        for name, (ours, theirs) in (("home", home), ("search", search))
    )
    cpu_share = f"{cpu / post['cpu_ms']:.2f}" if post.get("cpu_ms") else "–"
    return (
        f"Issue 18's target, article ≥ 2× bakerydemo's blog post and ≤ 12 ms CPU: "
        f"{ratio:.2f}×, {cpu:.1f} ms: {'met' if met else 'not met'} "
        f"(CPU per request {cpu_share} of the blog post's). "
        f"Home and search, req/s: {leads}."
    )


def problems(rows: list[tuple[str, dict, dict]], rotation: int) -> tuple[list, list]:
    """Notes on the run (articles asked twice, socket errors: timeouts at wrk's 2 s
    on a busy machine count there) and failures (responses not 2xx or 3xx)."""
    notes = []
    article = rows[0][1]
    if article["requests"] > rotation:
        notes.append(
            f"The article's {article['requests']:,} requests went round {rotation} "
            f"articles: {1 - rotation / article['requests']:.0%} were second visits "
            "(raise BENCH_ARTICLES for every one a first)."
        )
    by_site = [
        (f"{label}, {site}", result)
        for label, *results in rows
        for site, result in zip(("this site", "bakerydemo"), results, strict=True)
    ]
    notes += [
        f"{name}: {result['errors']} socket errors or timeouts"
        for name, result in by_site
        if result["errors"]
    ]
    failures = [
        f"{name}: {result['non_2xx']} responses not 2xx or 3xx"
        for name, result in by_site
        if result["non_2xx"]
    ]
    return notes, failures


def run(args: list, text: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """A setup step, quiet unless it fails."""
    done = subprocess.run(args, capture_output=True, text=text, **kwargs)
    if done.returncode:
        output = done.stdout[-3000:] + done.stderr[-3000:]
        sys.exit(f"{' '.join(map(str, args))} failed:\n{output}")
    return done


def export_source() -> str:
    """BAKERYDEMO_DIR's HEAD in SOURCE (once per commit); its commit."""
    checkout = os.environ.get("BAKERYDEMO_DIR")
    if not checkout:
        sys.exit(
            "Set BAKERYDEMO_DIR to a clone of bakerydemo: git clone "
            "https://github.com/wagtail/bakerydemo /tmp/bakerydemo && "
            "make bench-bakerydemo BAKERYDEMO_DIR=/tmp/bakerydemo"
        )
    commit = run(["git", "-C", checkout, "rev-parse", "HEAD"]).stdout.strip()
    marker = SOURCE / ".exported"
    if marker.exists() and marker.read_text().strip() == commit:
        return commit
    log(f"Exporting bakerydemo {commit[:10]} to {SOURCE}...")
    shutil.rmtree(SOURCE, ignore_errors=True)
    SOURCE.mkdir(parents=True)
    archive = run(["git", "-C", checkout, "archive", "HEAD"], text=False).stdout
    subprocess.run(["tar", "-x", "-C", str(SOURCE)], input=archive, check=True)
    marker.write_text(commit + "\n")
    return commit


def make_venv() -> dict[str, str]:
    """bakerydemo's venv (rebuilt when what it installs changes); what was replaced."""
    pins = read_pins((ROOT / "requirements.txt").read_text())
    wanted, replaced = bakerydemo_requirements(
        (SOURCE / "requirements" / "base.txt").read_text(),
        (SOURCE / "requirements" / "production.txt").read_text(),
        pins,
    )
    constraints = "\n".join(pins.values()) + "\n"
    marker = VENV / ".installed"
    if marker.exists() and marker.read_text() == "\n".join(wanted) + constraints:
        return replaced
    log(f"Making bakerydemo's venv in {VENV}: {', '.join(wanted)}...")
    shutil.rmtree(VENV, ignore_errors=True)
    run([PYTHON, "-m", "venv", str(VENV)])
    (BAKERY_DIR / "constraints.txt").write_text(constraints)
    run([
        VENV / "bin" / "python", "-m", "pip", "install", "--quiet",
        "-c", BAKERY_DIR / "constraints.txt", *wanted,
    ])  # fmt: skip
    marker.write_text("\n".join(wanted) + constraints)
    return replaced


def bakery_env(**extra) -> dict:
    secret_file = BAKERY_DIR / "secret-key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(64))
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": secret_file.read_text().strip(),
        "DATABASE_URL": f"sqlite:///{SOURCE / 'db.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": WORKERS,
        "GUNICORN_MAX_REQUESTS": "0",
        "LOG_LEVEL": "ERROR",
        **{key: str(value) for key, value in extra.items()},
    }


def bakery_manage(*args: str) -> subprocess.CompletedProcess:
    return run([VENV / "bin" / "python", "manage.py", *args], cwd=SOURCE,
               env=bakery_env())  # fmt: skip


def prepare_bakerydemo() -> tuple[str, dict[str, str]]:
    commit = export_source()
    replaced = make_venv()
    if not (SOURCE / ".loaded").exists():
        log("Loading bakerydemo's demo data...")
        bakery_manage("migrate", "--noinput", "-v0")
        bakery_manage("load_initial_data")
        bakery_manage("collectstatic", "--noinput", "-v0")
        (SOURCE / ".loaded").write_text("ok\n")
    return commit, replaced


def blog_post_paths() -> list[str]:
    code = (
        "import json; from bakerydemo.blog.models import BlogPage; "
        "print(json.dumps([p.get_url() for p in "
        "BlogPage.objects.live().public().order_by('pk')]))"
    )
    out = bakery_manage("shell", "-c", code).stdout
    return json.loads(out.strip().splitlines()[-1])


def article_paths() -> list[str]:
    code = (
        "import json, sys, django; django.setup(); "
        "from tools.management.commands.generate_articles import "
        "generated_article_urls; "
        "print(json.dumps(generated_article_urls(int(sys.argv[1]))))"
    )
    out = run([PYTHON, "-c", code, str(ARTICLES)], cwd=ROOT, env=site_env()).stdout
    return json.loads(out.strip().splitlines()[-1])


def measure(name: str, base: str, pid: int, paths: list, warm: list) -> dict:
    """wrk over `paths` in turn, after each of `warm` answered 200 and warmed up."""
    for path in warm:
        warm_up(base + path)
        status, _body, _headers = fetch(base + path)
        if status != 200:
            sys.exit(f"{name}: {base}{path} answered {status}")
    script = BENCH_DIR / f"rotation-{re.sub(r'[^a-z]+', '-', name.lower())}.lua"
    script.write_text(rotation_script(paths))
    log(f"{name}: {len(paths)} URLs in turn")
    return wrk(base + warm[0], pid, script=script)


def main() -> None:
    ensure_tools()
    prepare_site()
    commit, replaced = prepare_bakerydemo()
    articles = article_paths()
    rotation, warm_articles = articles[:-WARM_ARTICLES], articles[-WARM_ARTICLES:]
    if len(rotation) < MINIMUM_ROTATION:
        sys.exit(
            f"{len(rotation)} generated articles to rotate over, "
            f"{MINIMUM_ROTATION} wanted: BENCH_ARTICLES="
            f"{MINIMUM_ROTATION + WARM_ARTICLES} or more."
        )
    posts = blog_post_paths()
    our_searches = [
        f"/{language}/search/?q={quote_plus(query)}"
        for language, queries in OUR_SEARCHES.items()
        for query in queries
    ]
    bakery_searches = [f"/search/?q={quote_plus(q)}" for q in BAKERY_SEARCHES]
    pages = [  # label, ours (paths, warm), bakerydemo's (paths, warm)
        (
            f"article ({len(rotation)}, en + zh) / blog post ({len(posts)})",
            (rotation, warm_articles),
            (posts, posts),
        ),
        ("home (en, zh) / home", (["/en/", "/zh-hans/"],) * 2, (["/"],) * 2),
        (
            f"search ({len(our_searches)} queries) / search ({len(bakery_searches)})",
            (our_searches,) * 2,
            (bakery_searches,) * 2,
        ),
    ]
    load_before = os.getloadavg()
    rows = []
    ours_port, bakery_port = free_port(), free_port()
    ours_base = f"http://127.0.0.1:{ours_port}"
    bakery_base = f"http://127.0.0.1:{bakery_port}"
    bakery_server = BAKERY.process(
        [
            str(VENV / "bin" / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"),
            "bakerydemo.wsgi:application",
        ],
        bakery_env(HOST="127.0.0.1", PORT=bakery_port),
        ready_url=bakery_base + "/",
        cwd=SOURCE,
    )  # fmt: skip
    with gunicorn(ours_port, PAGE_CACHE_ENABLED=0) as ours, bakery_server as bakery:
        for label, (paths, warm), (their_paths, their_warm) in pages:
            page = label.split()[0]
            ours_result = measure(f"this site {page}", ours_base, ours.pid, paths, warm)
            theirs = measure(
                f"bakerydemo {page}", bakery_base, bakery.pid, their_paths, their_warm
            )
            rows.append((label, ours_result, theirs))
    load_after = os.getloadavg()

    versions = ", ".join(replaced.values())
    lines = [
        f"This site beside bakerydemo {commit[:10]}: SQLite, gunicorn {WORKERS} "
        f"gthread workers each, production settings (this site's page cache off), "
        f"wrk -t{WRK_THREADS} -c{CONNECTIONS} -d{SECONDS}s, one URL per request "
        f"in turn, {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        *table(rows),
        "",
        verdict(rows[0][1], rows[0][2], rows[1][1:], rows[2][1:]),
        f"bakerydemo's requirements ask {', '.join(replaced)}; it ran on {versions} "
        "(this site's pins) with its source unchanged.",
        "Load average (1, 5, 15 min) before: "
        + ", ".join(f"{n:.2f}" for n in load_before)
        + "; after: "
        + ", ".join(f"{n:.2f}" for n in load_after)
        + ".",
    ]
    notes, failures = problems(rows, len(rotation))
    lines += notes + failures
    report = "\n".join(lines)
    (BENCH_DIR / "bakerydemo-results.md").write_text(report + "\n")
    log("\n" + report)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
