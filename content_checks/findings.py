"""What a check finds: one problem on a page, with the rule, the words and the fix."""

from dataclasses import dataclass
from enum import IntEnum

from django.utils.translation import gettext_lazy as _


class Severity(IntEnum):
    """Ordered: a page's worst finding decides whether it may be published."""

    INFO = 1
    WARNING = 2
    BLOCKING = 3

    @property
    def label(self) -> str:
        return str(SEVERITY_LABELS[self])


SEVERITY_LABELS = {
    Severity.INFO: _("Info"),
    Severity.WARNING: _("Warning"),
    Severity.BLOCKING: _("Blocking"),
}


class Kind:
    """The families of checks (the report filters by them)."""

    SEO = "seo"
    READABILITY = "readability"
    ADVERTISING = "advertising"


@dataclass(frozen=True)
class Finding:
    """One problem: `rule` names it (e.g. "HCSA reg. 5: superlative claim"),
    `quote` shows the words found in their context, `fix` says what to do instead."""

    kind: str
    code: str  # stable machine name, e.g. "advertising.superlative"
    severity: Severity
    rule: str
    message: str
    quote: str = ""  # the words with a little of the text around them
    fix: str = ""
    words: str = ""  # the words themselves (advertising: what an override allows)
