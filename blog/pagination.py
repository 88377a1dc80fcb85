"""Pages of a listing that cost the same wherever they are in it."""

from collections.abc import Sequence

from django.db.models import QuerySet


class ArticlesByIds(Sequence):
    """The articles of `ids`, in that order, read a slice at a time from
    `articles` (a queryset with what the cards need joined in): one query per
    page of a listing, with no OFFSET and no count (the ids are known, from the
    index summary: blog/queries.py `listing_ids`). Django's Paginator pages it."""

    def __init__(self, ids: Sequence[int], articles: QuerySet) -> None:
        self.ids = ids
        self.articles = articles

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        wanted = list(self.ids[index])
        found = {article.pk: article for article in self.articles.filter(pk__in=wanted)}
        # An article unpublished since the summary was made is left out.
        return [found[pk] for pk in wanted if pk in found]
