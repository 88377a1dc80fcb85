"""`make lighthouse`: Lighthouse's four scores and the layout shift of the main
pages, in both languages, as the median of 3 runs.

Builds a SQLite site with the demo content (once, kept in LIGHTHOUSE_DIR), serves
it with gunicorn and production settings (plain HTTP on 127.0.0.1, which browsers
treat as secure), and runs deploy/lighthouse.mjs (npm `lighthouse`, mobile preset,
Debian's Chromium) LIGHTHOUSE_RUNS times over every page. Performance varies with
the machine's load, so it is reported here, not asserted; tests/test_lighthouse.py
fails on the other three and on layout shift.

Environment: LIGHTHOUSE_DIR (var/lighthouse), LIGHTHOUSE_RUNS (3), CHROME_PATH
(/usr/bin/chromium). Needs `npm ci` (node_modules/lighthouse).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from harness import ROOT, Workspace, find, free_port, log

DIRECTORY = Path(os.environ.get("LIGHTHOUSE_DIR", ROOT / "var" / "lighthouse"))
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
SCRIPT = ROOT / "deploy" / "lighthouse.mjs"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The pages issue 17 names, by the path under each language's home.
PAGES = {
    "home": "",
    "insights": "insights/",
    "category": "insights/category/stem-cells/",
    "article": "insights/stem-cell-therapy-for-knee-osteoarthritis/",
    "search": "search/?q={query}",
    "contact": "contact/",
    "404": "no-such-page/",
}
QUERIES = {"en": "stem+cell", "zh-hans": "%E5%B9%B2%E7%BB%86%E8%83%9E"}  # 干细胞


def page_urls(base: str) -> dict[str, str]:
    return {
        f"{language} {name}": f"{base}/{language}/{path.format(query=query)}"
        for language, query in QUERIES.items()
        for name, path in PAGES.items()
    }


def run_lighthouse(urls: list[str]) -> list[dict]:
    """One line of results per URL, in order (deploy/lighthouse.mjs)."""
    env = {
        **os.environ,
        "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
    }
    done = subprocess.run(  # noqa: S603 (our script, our own URLs)
        [find("node") or "node", str(SCRIPT), *urls],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90 * len(urls),
    )
    if done.returncode:
        raise RuntimeError(f"deploy/lighthouse.mjs failed:\n{done.stderr[-3000:]}")
    return [
        json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")
    ]


def median_table(runs: list[list[dict]], names: list[str]) -> str:
    header = f"| page | {' | '.join(CATEGORIES)} | CLS |"
    lines = [header, "|" + "---|" * (len(CATEGORIES) + 2)]
    for n, name in enumerate(names):
        results = [run[n] for run in runs]
        scores = [
            statistics.median(result["scores"][category] for result in results)
            for category in CATEGORIES
        ]
        cls = statistics.median(result["cls"] or 0 for result in results)
        cells = " | ".join(f"{score:g}" for score in scores)
        lines.append(f"| {name} | {cells} | {cls:.3f} |")
    return "\n".join(lines)


def main() -> None:
    if not (ROOT / "node_modules" / "lighthouse").exists():
        sys.exit("node_modules/lighthouse is missing: run `npm ci`")
    workspace = Workspace(DIRECTORY)
    workspace.manage("migrate", "--noinput", "-v0")
    if not (DIRECTORY / "ready").exists():
        log(f"Building the site in {DIRECTORY} (demo content)...")
        workspace.manage("load_demo_content")
        (DIRECTORY / "ready").write_text("ok\n")
    workspace.manage("collectstatic", "--noinput", "-v0")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workspace.manage("set_site_url", base)
    urls = page_urls(base)
    runs = []
    with workspace.gunicorn(port, SECURE_SSL_REDIRECT="false"):
        for run in range(1, RUNS + 1):
            log(f"Lighthouse run {run} of {RUNS} ({len(urls)} pages)...")
            runs.append(run_lighthouse(list(urls.values())))
    log(f"\nMedian of {RUNS} runs (mobile preset):\n")
    log(median_table(runs, list(urls)))


if __name__ == "__main__":
    main()
