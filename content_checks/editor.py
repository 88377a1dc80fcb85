"""The content checks panel in the page editor: findings grouped by severity, each
with its rule, quoted words and fix, and a preview of the page's search result.

Every page type of the site (`BasePage`) gets the panel after its title, added
from here when the apps are ready (`add_to_page_types`), so that `home` knows
nothing of content checks. The panel is rendered with the page as saved, then
static/content_checks/editor.js asks `views.live_check` again as the editor types.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel
from wagtail.models import get_page_models

from content_checks import guard
from content_checks.engine import run_checks
from content_checks.findings import Finding, Severity
from content_checks.seo import search_preview
from home.models.base import BasePage


def by_severity(findings: list[Finding]) -> list[tuple[Severity, list[Finding]]]:
    """Worst first; severities without findings are left out."""
    return [
        (severity, [f for f in findings if f.severity == severity])
        for severity in sorted(Severity, reverse=True)
        if any(f.severity == severity for f in findings)
    ]


def results_context(page, request) -> dict:
    """What templates/content_checks/results.html shows for `page` as it stands."""
    findings = run_checks(page)
    unallowed = guard.unallowed(page, findings)
    can_override = request.user.has_perm("content_checks.approve_compliance_override")
    return {
        "groups": by_severity(findings),
        "count": len(findings),
        "unallowed": unallowed,
        "unallowed_words": guard.quoted(unallowed),
        "allowed_blocking": bool(guard.blocking(findings)) and not unallowed,
        "override_url": guard.override_url(page) if page.pk else "",
        "can_override": can_override,
        "preview": search_preview(
            page, parent=page.get_parent() if page.path else None
        ),
    }


def render_results(page, request, stale: bool = False) -> str:
    context = {**results_context(page, request), "stale": stale}
    return render_to_string("content_checks/results.html", context, request=request)


class ContentChecksPanel(Panel):
    """Read-only: it claims no form field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Content checks"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "content_checks/panel.html"

        class Media:
            js = ["content_checks/editor.js"]
            css = {"all": ["content_checks/editor.css"]}

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            # A page not created yet has no URL to check against: saved once, it has.
            context["live_url"] = (
                reverse("content_checks_live", args=[page.pk]) if page.pk else ""
            )
            context["results"] = render_results(page, self.request)
            return context


def add_to_page_types() -> None:
    """Put the panel after the title of every site page type's content tab."""
    for model in get_page_models():
        if not issubclass(model, BasePage):
            continue
        panels = list(model.content_panels)
        if any(isinstance(panel, ContentChecksPanel) for panel in panels):
            continue  # inherited from a page type already done
        model.content_panels = [*panels[:1], ContentChecksPanel(), *panels[1:]]
