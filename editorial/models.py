"""A person's private calendar feed: the address holds a secret token, stored
hashed, so a copy of the database does not give anyone the feed."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def regenerate(cls, user) -> str:
        """A new token for `user` (the old one stops working); shown once."""
        token = secrets.token_urlsafe(32)
        cls.objects.update_or_create(
            user=user, defaults={"token_hash": token_hash(token)}
        )
        return token

    @classmethod
    def revoke(cls, user) -> None:
        cls.objects.filter(user=user).delete()

    @classmethod
    def user_for_token(cls, token: str):
        """The active user whose feed this token opens, or None."""
        if not token or len(token) > 100:
            return None
        feed = (
            cls.objects.filter(token_hash=token_hash(token), user__is_active=True)
            .select_related("user")
            .first()
        )
        return feed and feed.user
