"""The editor's live check, and a Compliance approver's override.

`live_check` builds the page from the editor's unsaved form, as Wagtail's preview
does, runs the checks and answers the panel's HTML; nothing is saved. Only someone
who may edit the page may ask (403), a missing page is a 404.

`OverrideView` lets a Compliance approver allow the blocking words of what a
publish of the page would put live (its latest revision, or a synced
translation's segments), with a reason: a `ComplianceOverride` (models.py) and a
log entry in the page's history (who, when, which words, why).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page

from content_checks import guard
from content_checks.editor import render_results
from content_checks.models import REASON_MAX_LENGTH, ComplianceOverride
from home.models.base import BasePage

OVERRIDE_ACTION = "content_checks.override"
OVERRIDE_PERMISSION = "content_checks.approve_compliance_override"


def latest_page(page_id: int):
    """The page as its editor shows it (latest revision), or 404."""
    page = get_object_or_404(Page, id=page_id).get_latest_revision_as_object()
    if not isinstance(page, BasePage):
        raise Http404
    return page


@require_POST
def live_check(request, page_id: int):
    page = latest_page(page_id)
    if not page.permissions_for_user(request.user).can_edit():
        # A plain 403 for the script (the admin's own refusal is a redirect).
        return HttpResponseForbidden()
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        instance=page,
        parent_page=page.get_parent().specific,
        for_user=request.user,
    )
    form.defer_required_fields()  # a draft may lack them, as the preview allows
    stale = not form.is_valid()
    if stale:
        # The invalid form has half-written the page in memory: check the saved one.
        page = latest_page(page_id)
    else:
        form.save(commit=False)
    return HttpResponse(render_results(page, request, stale=stale))


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy(
            "Why these words may be published on this page. Kept in the page's "
            "history with your name and the time."
        ),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OverrideView(WagtailAdminTemplateMixin, FormView):
    form_class = OverrideForm
    template_name = "content_checks/override.html"
    page_title = gettext_lazy("Compliance override")
    header_icon = "warning"

    def dispatch(self, request, *args, page_id, **kwargs):
        if not request.user.has_perm(OVERRIDE_PERMISSION):
            raise PermissionDenied
        self.page = latest_page(page_id)
        self.findings = guard.unallowed(guard.content_to_publish(self.page))
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.page,
            findings=self.findings,
            edit_url=self.edit_url(),
            history_url=self.history_url(),
        )
        return context

    def edit_url(self) -> str:
        if self.page.permissions_for_user(self.request.user).can_edit():
            return reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return ""

    def history_url(self) -> str:
        if self.page.permissions_for_user(self.request.user).can_view_revisions():
            return reverse("wagtailadmin_pages:history", args=[self.page.pk])
        return ""

    def form_valid(self, form):
        if not self.findings:
            messages.info(self.request, _("Nothing on this page needs an override."))
            return redirect(self.request.path)
        reason = form.cleaned_data["reason"]
        words = [list(guard.key(f)) for f in dict.fromkeys(self.findings)]
        with transaction.atomic():
            ComplianceOverride.objects.create(
                page_id=self.page.pk,
                revision_id=self.page.latest_revision_id,
                findings=words,
                user=self.request.user,
                reason=reason,
            )
            log(
                instance=self.page,
                action=OVERRIDE_ACTION,
                user=self.request.user,
                revision=self.page.latest_revision,
                data={
                    "words": list(dict.fromkeys(w for _code, w in words)),
                    "reason": reason,
                },
            )
        messages.success(
            self.request,
            _("Override recorded: “%(title)s” may be published with %(words)s.")
            % {
                "title": self.page.get_admin_display_title(),
                "words": guard.quoted(self.findings),
            },
        )
        return redirect(self.edit_url() or self.request.path)
