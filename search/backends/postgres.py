"""PostgreSQL: match title and body separately, so GIN indexes serve the match;
index Chinese as tokens (search/backends/indexing.py)."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import F, Q, TextField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Concat, Trim

from wagtail.search.backends.database.postgres import postgres
from wagtail.search.backends.database.postgres.weights import get_weight
from wagtail.search.query import Fuzzy, MatchAll, Not

from search.backends.indexing import ChineseTokensBackendMixin, ChineseTokensIndexMixin


class PostgresIndex(ChineseTokensIndexMixin, postgres.PostgresIndex):
    object_indexer = postgres.ObjectIndexer

    def append_to_body(self, tokens: str) -> dict:
        # As Wagtail indexes one more field without a boost: its vector appended
        # (positions continue after the body's, so no phrase spans the two), and
        # its text in the plain-text copy that fuzzy search reads.
        vector = SearchVector(
            Value(tokens, output_field=TextField()),
            weight=get_weight(None),
            config=self.backend.config,
        )
        return {
            "body": CombinedExpression(
                F("body"), "||", vector, output_field=SearchVectorField()
            ),
            "body_text": Trim(
                Concat(F("body_text"), Value(" " + tokens), output_field=TextField())
            ),
        }


class PostgresSearchQueryCompiler(postgres.PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        if self.fields is not None or isinstance(self.query, (MatchAll, Not, Fuzzy)):
            return super().search(config, start, stop, score_field, backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(
            self.get_search_vectors(search_query), config
        )
        queryset = self.queryset.filter(
            Q(index_entries__title=search_query) | Q(index_entries__body=search_query)
        )
        return self._apply_ordering_and_scoring(
            queryset, rank_expression, start, stop, score_field
        )


class PostgresSearchBackend(ChineseTokensBackendMixin, postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    index_class = PostgresIndex
