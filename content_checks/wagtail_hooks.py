"""Admin hooks of the content checks:

- the live check and the override views (views.py);
- the "Compliance approver" permission in the groups' editor, and the override's
  entry in a page's history;
- the publish guard (guard.py) on every publish, and the editor's and bulk
  action's refusal with the words that block and where to get an override.
"""

from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter

from content_checks import guard
from content_checks.views import OVERRIDE_ACTION, OverrideView, live_check
from home.publishing import PUBLISH_CHECKS_HOOK


@hooks.register("register_admin_urls")
def register_content_checks_urls():
    return [
        path(
            "content-checks/live/<int:page_id>/",
            live_check,
            name="content_checks_live",
        ),
        path(
            "content-checks/override/<int:page_id>/",
            OverrideView.as_view(),
            name="content_checks_override",
        ),
    ]


@hooks.register("register_permissions")
def register_override_permission():
    return Permission.objects.filter(
        content_type__app_label="content_checks",
        codename="approve_compliance_override",
    )


@hooks.register("register_log_actions")
def register_override_log_action(actions):
    @actions.register_action(OVERRIDE_ACTION)
    class OverrideFormatter(LogFormatter):
        label = gettext_lazy("Compliance override")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Compliance override of %(words)s. Reason: %(reason)s") % {
                "words": ", ".join(f"“{word}”" for word in data.get("words", [])),
                "reason": data.get("reason", ""),
            }


hooks.register(PUBLISH_CHECKS_HOOK, guard.check_compliance)


def _refuse(request, page, findings):
    messages.error(
        request,
        guard.blocked_message(page, findings),
        buttons=[messages.button(guard.override_url(page), _("Compliance override"))],
    )


@hooks.register("before_publish_page")
def refuse_blocked_publish(request, page):
    """The editor's Publish (its draft is saved by now): refuse with the words."""
    findings = guard.unallowed(page)
    if not findings:
        return None
    _refuse(request, page, findings)
    return redirect("wagtailadmin_pages:edit", page.pk)


# Order -1: before wagtail-localize's hooks, which publish whatever is posted.
@hooks.register("before_edit_page", order=-1)
def refuse_blocked_translation_publish(request, page):
    """wagtail-localize's "Publish" of a synced translation: it writes a live page's
    row before it publishes, so the words are checked first, as the preview would
    show them (the model's guard would come too late for visitors)."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    if guard.synced_translation(page) is None:
        return None  # Wagtail's own editor: before_publish_page answers
    findings = guard.unallowed(guard.content_to_publish(page))
    if not findings:
        return None
    _refuse(request, page, findings)
    return redirect(request.path)


@hooks.register("before_bulk_action")
def refuse_blocked_bulk_publish(request, action_type, objects, action_class_instance):
    """Bulk "Publish": nothing is published while one of the pages is blocked."""
    if action_type != "publish":
        return None
    blocked = []
    for page in objects:
        revision = page.get_latest_revision()
        if revision is None:
            continue
        findings = guard.unallowed(revision.as_object())
        if findings:
            blocked.append((page, findings))
    if not blocked:
        return None
    for page, findings in blocked:
        _refuse(request, page, findings)
    return redirect(action_class_instance.next_url or reverse("wagtailadmin_home"))
