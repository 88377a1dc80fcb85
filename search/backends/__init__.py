"""Wagtail's database search backend, ranking in linear rather than quadratic time.

Measured with `manage.py search_benchmark` (2,000 articles per language):

- SQLite: Wagtail's backend ranks through a correlated subquery that repeats the
  FTS5 MATCH for every candidate row, so a query matching most articles took
  6-22 s. Here the FTS table is joined once and bm25() read in the same pass.
- PostgreSQL: Wagtail's backend matches `(title || body) @@ query`, which no
  index can serve, so every index entry of the language is read. Here the match
  is `title @@ query OR body @@ query`, which the GIN indexes on both serve.

Same queries, same ranking formula, same results (on PostgreSQL, past 200
matches the first results rank a window of candidates: search/backends/postgres.py);
everything else (autocomplete, negation, fuzzy, `fields=`) is Wagtail's. Indexing
is Wagtail's too, plus the Chinese tokens of search/backends/indexing.py. Settings
select it with BACKEND "search.backends"; Elasticsearch/OpenSearch are unaffected.
"""

from django.db import connections

from wagtail.search.backends import get_search_backend


def SearchBackend(params):
    """Wagtail's database backend for the default database, with our compilers.

    The vendor modules are imported here: each needs its own database's models.
    """
    from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend

    backend = DatabaseSearchBackend(params)
    vendor = connections["default"].vendor
    if vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        from search.backends.sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    if vendor == "postgresql":
        from search.backends.postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    return backend


def segments_chinese() -> bool:
    """Whether the search backend indexes Chinese as search/cjk.py's tokens.

    Ours do; Wagtail's fallback database backend and Elasticsearch/OpenSearch
    (which analyse Chinese themselves) do not: queries then send words as typed.
    """
    return getattr(get_search_backend(), "segments_chinese", False)
