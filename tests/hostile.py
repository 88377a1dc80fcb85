"""Hostile input for the property-based tests (test_hostile_*.py): the hypothesis
profile they run under, strategies for what an attacker or a careless paste sends,
and checks that a response neither crashed nor let markup through."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from search import stats

# Reproducible in CI (the same examples every run, no example database), and quick:
# every example is one to three full requests.
settings.register_profile(
    "hostile-ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    # Explaining a failure re-runs it hundreds of times: minutes on these tests.
    phases=[phase for phase in Phase if phase is not Phase.explain],
    # Fixtures build the page tree once per test; each example gets a fresh client,
    # an empty cache and its own savepoint (see `fresh_example`).
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE = settings.get_profile("hostile-ci")


@contextmanager
def fresh_example() -> Iterator[None]:
    """One example's database writes rolled back, its cache entries (page cache,
    rate limits) and buffered search counts forgotten, before the next example."""
    cache.clear()
    stats.discard()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    cache.clear()
    stats.discard()


# -- Strategies ----------------------------------------------------------------------

# Operators of SQLite FTS5, PostgreSQL tsquery, Elasticsearch query strings, and SQL.
QUERY_OPERATORS = [
    '"', "'", "*", "OR", "AND", "NOT", "NEAR", "NEAR(a b, 2)", "-", "+", "(", ")",
    ":", "^", "~", "&", "|", "!", "<->", ":*", "title:", "{", "}", "[", "]", "\\",
    "%", "_", "--", ";", "/*", "*/", "' OR 1=1 --", "'; DROP TABLE wagtailcore_page;",
]  # fmt: skip
MARKUP_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    '" autofocus onfocus="alert(1)',
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">x</a>',
]
CONTROL_CHARACTERS = st.characters(max_codepoint=0x1F) | st.sampled_from(
    "\x7f\x85\u2028\u2029\ufeff\u200b\u202e"
)
CJK_CHARACTERS = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)

text_pieces = st.one_of(
    # Any code point a browser can send (no lone surrogates).
    st.text(min_size=1, max_size=20),
    st.sampled_from(QUERY_OPERATORS),
    st.sampled_from(MARKUP_PAYLOADS),
    st.text(CJK_CHARACTERS, min_size=1, max_size=12),
    st.text(CONTROL_CHARACTERS, min_size=1, max_size=4),
    st.just(" "),
)
short_text = st.lists(text_pieces, max_size=8).map("".join)
# Thousands of characters: a repeated piece, as a pasted document or a fuzzer sends.
long_text = st.builds(
    lambda piece, times: (piece * times)[:12_000],
    text_pieces,
    st.integers(min_value=200, max_value=3_000),
)
hostile_text = st.one_of(short_text, short_text, long_text)
nonempty_text = st.one_of(
    st.lists(text_pieces, min_size=1, max_size=8).map("".join), long_text
)

# ?page= as people, crawlers and fuzzers send it.
page_numbers = st.one_of(
    st.integers(min_value=-5, max_value=5).map(str),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["٣", "२", "０", "²", " 2 ", "2\x00", "1e3", "0x2", "-0", "+1", "1_0", "２"]
    ),
    st.text(st.characters(categories=["Nd"]), min_size=1, max_size=4),
    st.just("9" * 5_000),
    hostile_text,
)


# -- Checks --------------------------------------------------------------------------


def html_of(response) -> str:
    return response.content.decode(response.charset or "utf-8")


def dangerous_url(url: str) -> bool:
    """Would a browser run this link (javascript:, vbscript:, data:)? It drops
    leading and trailing controls and spaces and every tab and newline first."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00- ")
    scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return bool(scheme) and scheme[1].lower() in {"javascript", "vbscript", "data"}


def assert_no_injected_markup(html: str) -> None:
    """No raw payload, and nothing in the parsed page that would run script."""
    for payload in MARKUP_PAYLOADS:
        # A quote that breaks out of an attribute shows up below as an attribute;
        # as text it is harmless.
        if "<" in payload:
            assert payload not in html, f"unescaped {payload!r}"
    # Parsed differently by html.parser and browsers; our templates never write one.
    assert "<![CDATA[" not in html
    page = BeautifulSoup(html, "html.parser")
    for element in page.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, f"event handler on {element.name}: {element}"
        for name in ("href", "src", "action", "formaction", "data"):
            value = element.get(name)
            assert not (isinstance(value, str) and dangerous_url(value)), str(element)
    for script in page.find_all("script"):
        # Ours are external files and JSON-LD data blocks, nothing else.
        assert script.get("src") or script.get("type") == "application/ld+json", script
    embedded = page.find_all(["iframe", "frame", "embed", "object", "base"])
    assert not embedded, embedded


def assert_local_redirect(response) -> None:
    """A redirect stays on this site (no open redirect through a crafted path)."""
    location = response["Location"]
    parts = urlsplit(location)
    assert parts.netloc in ("", "testserver"), location
    assert not location.startswith(("//", "/\\")), location
