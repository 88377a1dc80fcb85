"""SQLite: rank in the same pass as the FTS5 match (see search/backends/__init__.py);
index Chinese as tokens (search/backends/indexing.py)."""

from django.db.models import F, TextField, Value
from django.db.models.functions import Concat

from wagtail.search.backends.database.sqlite import sqlite
from wagtail.search.query import MatchAll, Not

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.utils import get_descendants_content_types_pks

from search.backends.indexing import ChineseTokensBackendMixin, ChineseTokensIndexMixin


class SQLiteIndex(ChineseTokensIndexMixin, sqlite.SQLiteIndex):
    object_indexer = sqlite.ObjectIndexer

    def append_to_body(self, tokens: str) -> dict:
        # Wagtail joins the body's fields with a space: the tokens are one more.
        return {
            "body": Concat(F("body"), Value(" " + tokens), output_field=TextField())
        }


class SQLiteSearchQueryCompiler(sqlite.SQLiteSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        if isinstance(query, (MatchAll, Not)):
            return super().search(config, start, stop, score_field)
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS,
            self.build_search_query(query, config=config),
        )
        fts_table = sqlite.SQLiteFTSIndexEntry._meta.db_table
        entry_table = sqlite.IndexEntry._meta.db_table
        fts_queryset = sqlite.SQLiteFTSIndexEntry.objects.all()
        compiler = fts_queryset.query.get_compiler(using=fts_queryset.db)
        match_sql, match_params = match.as_sql(compiler, compiler.connection)
        model = self.queryset.model
        pk_column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
        content_types = ", ".join(
            str(int(pk)) for pk in get_descendants_content_types_pks(model)
        )
        score_name = score_field or "_score"
        queryset = self.queryset.extra(  # noqa: S610 (no user input in the SQL)
            select={
                score_name: f"bm25({fts_table}) * (1.0 + {entry_table}.title_norm)"
            },
            tables=[entry_table, fts_table],
            where=[
                f"{entry_table}.id = {fts_table}.rowid",
                f"CAST({entry_table}.object_id AS INTEGER) = {pk_column}",
                # "+" keeps SQLite from driving the join by this index and probing
                # FTS5 row by row: the MATCH must come first.
                f"+{entry_table}.content_type_id IN ({content_types})",
                match_sql,
            ],
            params=match_params,
        )
        if self.order_by_relevance:
            # bm25() is negative: the most relevant come first in ascending order.
            queryset = queryset.order_by(score_name, "-pk")
        elif not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]


class SQLiteSearchBackend(ChineseTokensBackendMixin, sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchQueryCompiler
    index_class = SQLiteIndex
