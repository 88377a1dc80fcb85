"""What the checks keep: the advertising term list, and compliance overrides.

The advertising term list: words the healthcare advertising rules forbid or
question, per language, which marketers extend as snippets (Snippets > Advertising
terms, content_checks/snippets.py). The default list is seeded by a data
migration, so every site has it.

ComplianceOverride: a compliance approver's override of blocking findings on one
page. An override covers the blocking findings it was recorded for: each one's rule
(`code`) and words on that page. Editing the page elsewhere keeps it; an
edit that brings new blocking words (or the same words under another rule) needs
a new override. Keyed to the words, not a hash of the whole page: a typo fixed in
another paragraph is not a new compliance question, a new promise is.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content_checks.findings import Severity


class Category(models.TextChoices):
    SUPERLATIVE = "superlative", _("Superlative or laudatory claim")
    GUARANTEE = "guarantee", _("Guarantee or promise of a result")
    TESTIMONIAL = "testimonial", _("Testimonial or review")
    BEFORE_AFTER = "before_after", _("Before-and-after picture")
    REVIEW_SITE = "review_site", _("Link to a review site")


class AdvertisingTermQuerySet(models.QuerySet):
    def for_language(self, language_code: str):
        """The terms of one language and those that apply to every language."""
        return self.filter(models.Q(language=language_code) | models.Q(language=""))


class AdvertisingTerm(models.Model):
    """One word or phrase the advertising check looks for. Not translatable: a
    Chinese term is its own row, because the two languages' claims differ."""

    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Left blank, the term is looked for in every language."),
    )
    term = models.CharField(
        _("term"),
        max_length=100,
        help_text=_(
            "English terms match whole words, in any case, with plural and past "
            "endings (cure, cures, cured). Chinese terms match anywhere in the "
            "text. For review sites, part of the link's address (yelp.com)."
        ),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category)
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        choices=[
            (Severity.BLOCKING.value, _("Blocking")),
            (Severity.WARNING.value, _("Warning")),
        ],
        default=Severity.BLOCKING.value,
        help_text=_("A blocking term stops the page from being published."),
    )
    exceptions = models.TextField(
        _("exceptions"),
        blank=True,
        help_text=_(
            "One per line: longer words or phrases containing the term that are "
            "not a claim (第一步, best practice)."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("Shown with the finding: why the term is a problem."),
    )

    objects = AdvertisingTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("advertising term")
        verbose_name_plural = _("advertising terms")
        ordering = ["language", "category", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "term"], name="unique_advertising_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.get_language_display() or _('all languages')})"

    def clean(self):
        self.term = self.term.strip()
        lowered = self.term.lower()
        unused = [e for e in self.exception_list if lowered not in e.lower()]
        if unused:
            raise ValidationError(
                {
                    "exceptions": _(
                        "Each exception must contain the term, or it never applies: "
                        "%(lines)s"
                    )
                    % {"lines": ", ".join(unused)}
                }
            )

    @property
    def exception_list(self) -> list[str]:
        return [line.strip() for line in self.exceptions.splitlines() if line.strip()]


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
    #: [[code, words], ...]: the blocking findings it allows (guard.key()).
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
