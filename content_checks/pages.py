"""Findings for many pages at once: the report and `manage.py content_checks`.

Computed on demand: 7-9 ms a page on the demo (its 36 live pages in 0.25-0.32 s,
68 queries, on the shared 2-core machine with the test settings): the terms of
each language and the site's hosts are loaded once (CheckContext); each page
costs its StreamField's few bulk lookups (images, chosen pages), never one a block.
At a few thousand pages the report would want the findings stored on publish.
"""

from dataclasses import dataclass

from wagtail.models import Page

from content_checks.engine import CheckContext, run_checks
from content_checks.findings import Finding, Severity
from content_checks.guard import key
from content_checks.models import ComplianceOverride


@dataclass(frozen=True)
class PageFindings:
    page: Page
    findings: list[Finding]

    @property
    def worst(self) -> Severity:
        return max(finding.severity for finding in self.findings)


def live_pages(language: str | None = None):
    """Every live page of the sites (not the tree's root), parents first."""
    pages = Page.objects.live().filter(depth__gt=1).select_related("locale")
    if language:
        pages = pages.filter(locale__language_code=language)
    return pages.order_by("path")


def pages_with_findings(
    pages,
    minimum: Severity = Severity.INFO,
    kind: str | None = None,
) -> list[PageFindings]:
    """The pages with open findings of at least `minimum` severity (and of
    `kind`): a blocking finding a compliance approver has allowed is not open."""
    context = CheckContext.preloaded()
    allowed = allowed_findings()
    results = []
    for page in pages.specific():
        findings = [
            finding
            for finding in run_checks(page, context)
            if finding.severity >= minimum
            and (not kind or finding.kind == kind)
            and key(finding) not in allowed.get(page.pk, ())
        ]
        if findings:
            results.append(PageFindings(page, findings))
    return results


def allowed_findings() -> dict[int, set[tuple[str, str]]]:
    """Page id -> the (code, words) pairs its compliance overrides allow."""
    allowed: dict[int, set[tuple[str, str]]] = {}
    for override in ComplianceOverride.objects.only("page_id", "findings"):
        allowed.setdefault(override.page_id, set()).update(override.covers())
    return allowed
