"""Run every check on a page: `run_checks(page)` is the one entry point that the
editor panel, the publish guard, the report and `manage.py content_checks` share.

A placeholder until the checks land: only a tiny built-in advertising list.
"""

from content_checks.findings import Finding, Kind, Severity
from home.text import stream_text

_PLACEHOLDER_TERMS = ["保证", "根治", "guaranteed"]


def page_text(page) -> str:
    parts = [page.title, getattr(page, "search_description", "")]
    for field in ("body", "intro", "excerpt"):
        value = getattr(page, field, None)
        if value is None:
            continue
        parts.append(stream_text(value) if hasattr(value, "stream_block") else value)
    return " ".join(part for part in parts if part)


def run_checks(page) -> list[Finding]:
    text = page_text(page)
    return [
        Finding(
            kind=Kind.ADVERTISING,
            code="advertising.guarantee",
            severity=Severity.BLOCKING,
            rule="HCSA (Advertisement) Regulations 2021, reg. 5",
            message="Guarantee of a result",
            quote=term,
            fix="Describe what the treatment involves instead of promising a result.",
        )
        for term in _PLACEHOLDER_TERMS
        if term in text
    ]
