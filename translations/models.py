from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceTextChange(models.Model):
    """When the translatable text of a source last changed.

    wagtail-localize stamps `TranslationSource.last_updated_at` on every sync, even
    when only a go-live date or a review mark changed; this is stamped only when a
    sync changed the source's string segments (translations/sync.py), so a
    translation published before it is Outdated (translations/status.py).
    """

    source = models.OneToOneField(
        "wagtail_localize.TranslationSource",
        on_delete=models.CASCADE,
        related_name="text_change",
    )
    changed_at = models.DateTimeField(_("text changed at"))

    class Meta:
        verbose_name = _("source text change")

    def __str__(self):
        return f"{self.source_id} changed at {self.changed_at:%Y-%m-%d %H:%M}"
