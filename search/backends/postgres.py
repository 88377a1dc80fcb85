"""PostgreSQL: match title and body separately, so GIN indexes serve the match."""

from django.db.models import Q

from wagtail.search.backends.database.postgres import postgres
from wagtail.search.query import Fuzzy, MatchAll, Not


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


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
