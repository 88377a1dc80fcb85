"""PostgreSQL: match title and body separately, so GIN indexes serve the match;
rank a bounded set of candidates; index Chinese as tokens
(search/backends/indexing.py)."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Concat, Trim

from wagtail.search.backends.database.postgres import postgres
from wagtail.search.backends.database.postgres.weights import get_weight
from wagtail.search.query import Fuzzy, MatchAll, Not

from search.backends.indexing import ChineseTokensBackendMixin, ChineseTokensIndexMixin

# Ranking reads every ranked row's stored body vector. A slice within the first
# RANKED_WINDOW results ranks only the candidates: the RANKED_WINDOW newest matches
# (by page id: the most recently created) and the RANKED_WINDOW newest title
# matches. With fewer matches than that, the candidates are all the matches and
# the order is exact; with more, a title match still comes first (titles weigh
# most) and body-only matches older than the newest RANKED_WINDOW are left to the
# pages after the window. Slices past it rank everything, window first, so pages
# neither repeat nor skip a result. (`search_benchmark` at 10,000 articles.)
RANKED_WINDOW = 200


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
    def is_ours(self) -> bool:
        """Whether this query is matched here (the rest is Wagtail's)."""
        return self.fields is None and not isinstance(
            self.query, (MatchAll, Not, Fuzzy)
        )

    def matches(self, search_query):
        return self.queryset.filter(
            Q(index_entries__title=search_query) | Q(index_entries__body=search_query)
        )

    def ranking_window(self, search_query):
        """Primary keys of the candidates ranked for the first results (above)."""
        newest = self.matches(search_query).order_by("-pk").values("pk")
        titled = self.queryset.filter(index_entries__title=search_query)
        titled = titled.order_by("-pk").values("pk")
        return newest[:RANKED_WINDOW].union(titled[:RANKED_WINDOW])

    def search(self, config, start, stop, score_field=None, backend=None):
        if not self.is_ours():
            return super().search(config, start, stop, score_field, backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(
            self.get_search_vectors(search_query), config
        )
        queryset = self.matches(search_query)
        if self.order_by_relevance:
            window = self.ranking_window(search_query)
            if stop is not None and stop <= RANKED_WINDOW:
                queryset = self.queryset.filter(pk__in=window)
            else:
                in_window = Case(When(pk__in=window, then=Value(0)), default=Value(1))
                queryset = queryset.order_by(in_window, rank_expression.desc(), "-pk")
                if score_field is not None:
                    queryset = queryset.annotate(**{score_field: rank_expression})
                return queryset[start:stop]
        return self._apply_ordering_and_scoring(
            queryset, rank_expression, start, stop, score_field
        )


class PostgresSearchBackend(ChineseTokensBackendMixin, postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    index_class = PostgresIndex
