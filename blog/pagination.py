"""Pages of a listing that cost the same at either end of it."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class ListingPaginator(Paginator):
    """Django's Paginator over an ordered queryset whose length is known (`count`,
    memoised by the caller), that reads pages past the middle from the other end.

    A database skips OFFSET rows by sorting and reading them: page 1000 of a
    10,000-article listing sorted the whole listing, page 1 only the first ten.
    Read backwards (the queryset's .reverse(), then reversed here), the last page
    skips as few rows as the first, and an index on the ordering serves both.
    The ordering must be total (ending in the primary key), so that both
    directions give the same rows in the same places.
    """

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom <= self.count - top:  # nearer the start
            return self._get_page(self.object_list[bottom:top], number, self)
        from_end = self.object_list.reverse()[self.count - top : self.count - bottom]
        return self._get_page(list(from_end)[::-1], number, self)
