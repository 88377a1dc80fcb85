"""A compliance approver's override of blocking findings on one page.

An override covers the blocking findings it was recorded for: each one's rule
(`code`) and quoted words on that page. Editing the page elsewhere keeps it; an
edit that brings new blocking words (or the same words under another rule) needs
a new override. Keyed to the words, not a hash of the whole page: a typo fixed in
another paragraph is not a new compliance question, a new promise is.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REASON_MAX_LENGTH = 2000


class ComplianceOverride(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    # The revision the approver read; the page's history links the log entry to it.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: [[code, quote], ...]: the blocking findings it allows.
    findings = models.JSONField(default=list)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("compliance override")
        verbose_name_plural = _("compliance overrides")
        permissions = [
            (
                "approve_compliance_override",
                _("Can override blocking advertising findings (Compliance approver)"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id}: {self.reason[:40]}"

    def covers(self) -> set[tuple[str, str]]:
        return {(code, quote) for code, quote in self.findings}
