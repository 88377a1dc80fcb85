"""What visitors search for, counted per day and language (see search/stats.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

QUERY_LENGTH = 255


class DailySearchCount(models.Model):
    """Searches for one normalised query in one language on one day.

    Written in batches by `search.stats.flush()`, never on a visitor's request.
    Only first result pages count: paging through results is not a new search.
    """

    date = models.DateField(_("date"))
    language_code = models.CharField(_("language"), max_length=16)
    query_string = models.CharField(_("search term"), max_length=QUERY_LENGTH)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    no_results = models.PositiveIntegerField(
        _("searches that found nothing"), default=0
    )

    class Meta:
        verbose_name = _("daily search count")
        verbose_name_plural = _("daily search counts")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "language_code", "query_string"],
                name="unique_daily_search_count",
            )
        ]
        indexes = [models.Index(fields=["language_code", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.language_code} {self.query_string}"
