"""`make cache-faults`: what visitors see when the site's Redis fails, measured.

Builds the demo site once (in CACHE_FAULTS_DIR), then runs it with production
settings under gunicorn against, in turn:

1. a private, capped redis-server (maxmemory, allkeys-lru): the page-cache hit
   rate on the main pages, then a flood of made-up URLs (FLOOD of
   `/en/?junk=N` and as many missing pages), the bytes and keys it added, and
   the hit rate again;
2. a "black hole" that accepts connections and never answers (a hung Redis):
   the slowest of a visitor's requests, one at a time and 16 at once, and what
   /healthz says;
3. a Redis that is stopped (connections refused): the same.

For comparison it also serves the same pages with nothing cached (pages and
fragments), the best a failing Redis allows. Prints the figures (times are
printed, not judged: this machine may be busy); exits 1 if a request failed,
/healthz did not say `degraded: cache`, the flood added keys or the hit rate fell.
Environment: CACHE_FAULTS_DIR (var/cache-faults), FLOOD (2000), WORKERS (2).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness import ROOT, Workspace, fetch, free_port, log

sys.path.insert(0, str(ROOT))
# The same throwaway servers as tests/test_cache_faults.py uses.
from tests.redis_faults import BlackHole, PrivateRedis

DIRECTORY = Path(os.environ.get("CACHE_FAULTS_DIR", ROOT / "var" / "cache-faults"))
FLOOD = int(os.environ.get("FLOOD", "2000"))
WORKSPACE = Workspace(DIRECTORY, workers=os.environ.get("WORKERS", "2"))
ARTICLE = "insights/stem-cell-therapy-for-knee-osteoarthritis/"
PAGES = [
    f"/{lang}/{path}"
    for lang in ("en", "zh-hans")
    for path in ("", "insights/", ARTICLE)
]


def prepare_site() -> None:
    WORKSPACE.manage("migrate", "--noinput", "-v0")
    marker = DIRECTORY / "ready"
    if not marker.exists():
        log(f"Building the site in {DIRECTORY} (demo content)...")
        WORKSPACE.manage("load_demo_content")
        marker.write_text("ok\n")
    WORKSPACE.manage("collectstatic", "--noinput", "-v0")


def timed(url: str) -> tuple[int, float, str | None]:
    start = time.perf_counter()
    status, _body, headers = fetch(url)
    return status, time.perf_counter() - start, headers.get("X-Cache")


def hit_rate(base: str, rounds: int = 5) -> float:
    states = [timed(base + path)[2] for _ in range(rounds) for path in PAGES]
    return states.count("HIT") / len(states)


def flood(base: str) -> list[int]:
    def one(number: int) -> list[int]:
        return [
            fetch(f"{base}/en/?junk={number}")[0],
            fetch(f"{base}/en/no-such-page-{number}/")[0],
        ]

    with ThreadPoolExecutor(8) as pool:
        return [status for pair in pool.map(one, range(FLOOD)) for status in pair]


def capped_redis_under_a_flood() -> bool:
    with tempfile.TemporaryDirectory() as data:
        redis = PrivateRedis(
            Path(data), "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"
        ).start()
        try:
            port = free_port()
            with WORKSPACE.gunicorn(port, REDIS_URL=redis.url):
                base = f"http://127.0.0.1:{port}"
                hit_rate(base, rounds=1)  # fill the cache
                before_rate = hit_rate(base)
                before_bytes, before_keys = redis.used_memory(), redis.client().dbsize()
                before_data = redis.dataset_bytes()
                before_names = set(redis.client().keys())
                started = time.perf_counter()
                statuses = flood(base)
                seconds = time.perf_counter() - started
                after_bytes, after_keys = redis.used_memory(), redis.client().dbsize()
                after_data = redis.dataset_bytes()
                junk = junk_keys(before_names, set(redis.client().keys()))
                after_rate = hit_rate(base)
            bad = [s for s in statuses if s not in (200, 404)]
            log(f"\n1. Capped Redis (64 MB, allkeys-lru), {FLOOD} /en/?junk=N + 404s")
            log(f"   flood: {len(statuses)} requests in {seconds:.1f} s, failed: {bad}")
            log(f"   Redis used_memory: {before_bytes:,} -> {after_bytes:,} bytes")
            added = after_bytes - before_bytes
            log(f"     ({added:+,}, buffers too; keys {before_keys} -> {after_keys})")
            log(
                f"   Redis used_memory_dataset: {before_data:,} -> {after_data:,} bytes"
            )
            log(f"   hit rate, main pages: {before_rate:.0%} -> {after_rate:.0%}")
            log(f"   keys the flood added: {junk['flood']}; refilled under a new")
            log(f"     content version: {junk['version']}; render claims not counted")
            log("   a healthy Redis's own cost, for comparison:")
            cache_waiting(redis.url)
        finally:
            redis.stop()
    return not bad and junk["flood"] == 0


def junk_keys(before: set[bytes], after: set[bytes]) -> dict[str, int]:
    """Keys added between two snapshots: by the flood, or as a new content version
    (each key `…:page:<version>:…` or `…:memo:<version>…` names its version)."""
    versions = {key.split(b":")[3] for key in before if key.count(b":") > 3}
    # Not the claims of pages being rendered: deleted when done, or expiring
    # within 30 s should the delete time out (serving/cache/page_cache.py).
    added = {key for key in after - before if not key.endswith(b":rendering")}
    renewed = [
        k for k in added if k.count(b":") > 3 and k.split(b":")[3] not in versions
    ]
    return {"flood": len(added) - len(renewed), "version": len(renewed)}


def visits(base: str, clients: int, rounds: int) -> tuple[str, list[int]]:
    """Every main page `rounds` times by each of `clients` visitors at once: the
    median and slowest request times, and the statuses."""

    def visitor(_number: int) -> list[tuple[int, float]]:
        return [timed(base + path)[:2] for _ in range(rounds) for path in PAGES]

    with ThreadPoolExecutor(clients) as pool:
        results = [r for visits in pool.map(visitor, range(clients)) for r in visits]
    times = [seconds * 1000 for _status, seconds in results]
    summary = f"median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms"
    return summary, [status for status, _seconds in results]


def broken_redis(name: str, url: str) -> bool:
    port = free_port()
    with WORKSPACE.gunicorn(port, REDIS_URL=url):
        base = f"http://127.0.0.1:{port}"
        single, statuses = visits(base, clients=1, rounds=3)
        concurrent, more = visits(base, clients=16, rounds=2)
        health = fetch(base + "/healthz")
    bad = [s for s in statuses + more if s != 200]
    log(f"\n{name}")
    cache_waiting(url)
    log(f"   one visitor:  {single}")
    log(f"   16 at once:   {concurrent}")
    log(f"   /healthz: {health[0]} {health[1].decode().strip()!r}; failed: {bad}")
    return not bad and health[0] == 200 and b"degraded: cache" in health[1]


# In one process with the site's settings: 16 threads, each making the look-ups
# of a page (content version, page, claim, ten fragments), timed per thread.
CACHE_WAIT = """
import threading, time
from django.core.cache import cache
from serving.cache import version
waits = []
cache.client.get_client(write=True)  # modules loaded, pool made: no network yet
def visitor():
    start = time.perf_counter()
    with version.request_scope():
        version.get()
        cache.get("page"); cache.add("page:rendering", 1, 30)
        for number in range(10):
            cache.get(f"fragment-{{number}}")
    waits.append(time.perf_counter() - start)
threads = [threading.Thread(target=visitor) for _ in range({clients})]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(f"   cache waiting, {clients} at once: slowest {{max(waits) * 1000:.0f}} ms")
"""


def cache_waiting(url: str) -> None:
    for clients in (1, 16):
        code = CACHE_WAIT.format(clients=clients)
        WORKSPACE.manage("shell", "-v0", "-c", code, REDIS_URL=url)


def nothing_cached() -> None:
    port = free_port()
    # Neither pages nor site-wide fragments cached, as with a Redis that fails.
    env = {"PAGE_CACHE_ENABLED": "false", "MEMO_CACHE_ENABLED": "false"}
    with WORKSPACE.gunicorn(port, **env):
        base = f"http://127.0.0.1:{port}"
        single, _statuses = visits(base, clients=1, rounds=3)
        concurrent, _more = visits(base, clients=16, rounds=2)
    log("\nNothing cached (pages and fragments): the best a failing Redis allows")
    log(f"   one visitor:  {single}")
    log(f"   16 at once:   {concurrent}")


def main() -> None:
    prepare_site()
    ok = capped_redis_under_a_flood()
    nothing_cached()
    hole = BlackHole()
    try:
        ok &= broken_redis("2. Hung Redis (accepts, never answers)", hole.url)
    finally:
        hole.close()
    ok &= broken_redis("3. Stopped Redis", f"redis://127.0.0.1:{free_port()}/0")
    log("\nverdict: " + ("PASS" if ok else "FAIL"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
