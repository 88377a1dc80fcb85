"""Run every check on a page: `run_checks(page)` is the one entry point that the
editor panel, the publish guard, the report and `manage.py content_checks` share.

The page may be unsaved (built from the editor's form). Its content is read once
(content.read_page) and handed to each family of checks: seo, readability and
advertising. Costs: one query for the advertising terms and, only when the page
links nowhere inside the site but has absolute links, one for the site's hosts.
"""

from dataclasses import dataclass, field

from content_checks import advertising, readability, seo
from content_checks.content import read_page
from content_checks.findings import Finding, Severity


@dataclass
class CheckContext:
    """What many pages share: load once, pass to `run_checks` for each page."""

    terms: dict[str, list[advertising.Term]] = field(default_factory=dict)
    hosts: set[str] | None = None

    def terms_for(self, language: str) -> list[advertising.Term]:
        if language not in self.terms:
            self.terms[language] = advertising.load_terms(language)
        return self.terms[language]

    @classmethod
    def preloaded(cls) -> "CheckContext":
        return cls(hosts=seo.site_hosts())


def run_checks(page, context: CheckContext | None = None) -> list[Finding]:
    """Every finding on `page`, worst first."""
    content = read_page(page)
    terms = context.terms_for(content.language) if context else None
    findings = [
        *advertising.check(page, content, terms),
        *seo.check(page, content, context.hosts if context else None),
        *readability.check(page, content),
    ]
    return sorted(findings, key=lambda finding: -finding.severity)


def worst(findings: list[Finding]) -> Severity | None:
    return max((finding.severity for finding in findings), default=None)
