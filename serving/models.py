"""What serving keeps in the database: the rate limits' counters (throttle.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottleCounter(models.Model):
    """Events counted for one key (a scope and a client, hashed) until `expires_at`.

    In the database rather than the cache: serving/throttle.py says why.
    """

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=1)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate limit counter")

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.count}"
