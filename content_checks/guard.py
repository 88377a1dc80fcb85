"""No page is published with a blocking advertising finding nobody has allowed.

A finding of `Severity.BLOCKING` (e.g. a promise of a cure, HCSA advertisement
rules) stops a publish unless a Compliance approver has recorded an override for
those words on that page (models.py says what an override covers). The rule runs
inside `BasePage.publish()` through home/publishing.py's `PUBLISH_CHECKS_HOOK`, so
it holds for every route that publishes a revision for a person: the editor's
Publish, approving a workflow task, bulk publishing, syncing a translation.

Not checked:

- code that publishes for nobody (the demo content, `import_wordpress`, tests):
  the report lists its findings; refusing would stop an import half-way;
- `publish_scheduled`: a revision approved for a go-live time was approved by a
  publish that passed this check (or had its override) when it was scheduled, as
  for the other publishing rules. Refusing it at go-live time would strand a
  campaign someone approved, with nobody there to read why.

The admin's views ask first and say which words block and how to get an override
(wagtail_hooks.py: the editor's Publish, wagtail-localize's "Publish" of a synced
translation, the bulk action); this is the net below them.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail_localize.models import Translation

from content_checks.engine import run_checks
from content_checks.findings import Finding, Severity
from content_checks.models import ComplianceOverride
from home.publishing import PublishRefused


class ComplianceBlockedError(PublishRefused):
    """A publish refused for blocking findings that no override allows."""

    def __init__(self, page, findings: list[Finding]):
        self.page = page
        self.findings = findings
        super().__init__(blocked_message(page, findings))


def key(finding: Finding) -> tuple[str, str]:
    """What an override allows: these words under this rule, wherever on the page."""
    return (finding.code, finding.words or finding.quote)


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity >= Severity.BLOCKING]


def overrides_of(page):
    return ComplianceOverride.objects.filter(page_id=page.pk)


def covered_keys(page) -> set[tuple[str, str]]:
    """Every (code, words) an override of `page` allows."""
    if page.pk is None:
        return set()
    keys = set()
    for override in overrides_of(page):
        keys |= override.covers()
    return keys


def unallowed(page, findings: list[Finding] | None = None) -> list[Finding]:
    """The blocking findings on `page` (its content as given) no override allows."""
    findings = run_checks(page) if findings is None else findings
    found = blocking(findings)
    if not found:
        return []
    allowed = covered_keys(page)
    return [f for f in found if key(f) not in allowed]


def synced_translation(page):
    """The enabled wagtail-localize translation `page` is the target of, or None."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .exclude(source__locale_id=page.locale_id)
        .select_related("source")
        .first()
    )


def content_to_publish(page):
    """What a publish of `page` would put live: a synced translation's segments as
    translated now (wagtail-localize's publish writes them), else its latest
    revision."""
    translation = synced_translation(page)
    if translation is not None:
        return translation.source.get_ephemeral_translated_instance(
            page.locale, fallback=True
        )
    return page.get_latest_revision_as_object()


def override_url(page) -> str:
    return reverse("content_checks_override", args=[page.pk])


def quoted(findings: list[Finding]) -> str:
    words = dict.fromkeys(f.words or f.quote or f.message for f in findings)
    return ", ".join(f"“{word}”" for word in words)


def blocked_message(page, findings: list[Finding]) -> str:
    """What the person is told, in the active language."""
    return _(
        "“%(title)s” was not published: %(words)s may not appear in healthcare "
        "advertising (%(rule)s). Change the words, or ask a compliance approver to "
        "record an override with a reason: %(url)s"
    ) % {
        "title": page.get_admin_display_title(),
        "words": quoted(findings),
        "rule": "; ".join(dict.fromkeys(f.rule for f in findings)),
        "url": override_url(page),
    }


def check_compliance(page, revision, publisher) -> None:
    """home/publishing.py's publish check: raise ComplianceBlockedError for a person
    publishing blocking words no override allows."""
    if publisher is None:
        return  # code publishing for nobody: see the module docstring
    content = revision.as_object()
    findings = unallowed(content)
    if findings:
        raise ComplianceBlockedError(content, findings)
