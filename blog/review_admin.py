"""The medical reviewers' admin: "Mark as reviewed" (one POST, from the page
editor's action menu or the dashboard panel), its log entry, and the panel of
reviews due in the next 30 days."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.components import Component
from wagtail.log_actions import log
from wagtail.models import Page, Site

from blog import review
from blog.models import ArticlePage
from staff.roles import MEDICAL_REVIEWERS

LOG_ACTION = "blog.mark_reviewed"


def mark_reviewed(page: ArticlePage, user, person) -> tuple[object, bool]:
    """Record `person` as `page`'s reviewer today, as a new revision by `user`;
    publish it when the page is live, `user` may publish it and it holds no other
    unpublished change (else a draft waits for the page's publishers).
    Returns (revision, published)."""
    today = timezone.localdate()
    publish = (
        page.live
        and not page.has_unpublished_changes
        and page.permissions_for_user(user).can_publish()
    )
    draft = page.get_latest_revision_as_object()
    draft.reviewer = person
    draft.last_reviewed = today
    revision = draft.save_revision(user=user)
    log(
        instance=page,
        action=LOG_ACTION,
        user=user,
        revision=revision,
        data={"reviewer": person.name, "date": today.isoformat()},
    )
    if publish:
        revision.publish(user=user)
    return revision, publish


class MarkReviewedView(View):
    """POST only: marks the article reviewed by the signed-in user's Person."""

    http_method_names = ["post"]

    def post(self, request, page_id: int):
        page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(page, ArticlePage):
            raise PermissionDenied
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        back = self.back_url(request, page)
        lock = page.get_lock()
        if lock and lock.for_user(request.user):
            messages.error(request, lock.get_message(request.user))
            return redirect(back)
        person = review.reviewer_for(request.user)
        if person is None:
            messages.error(
                request,
                _(
                    "Not marked as reviewed: your account is not linked to a person "
                    "in People. Ask an administrator to choose your account as the "
                    "“staff account” of your entry in Snippets → People."
                ),
            )
            return redirect(back)
        _revision, published = mark_reviewed(page, request.user, person)
        if published:
            message = _("“%(title)s” marked as reviewed by %(name)s and published.")
        else:
            message = _(
                "“%(title)s” marked as reviewed by %(name)s. The review is saved as "
                "a draft: it shows on the site once the page is published."
            )
        messages.success(
            request,
            message % {"title": page.get_admin_display_title(), "name": person.name},
        )
        return redirect(back)

    @staticmethod
    def back_url(request, page) -> str:
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return back
        return reverse("wagtailadmin_pages:edit", args=[page.pk])


class MarkReviewedMenuItem(ActionMenuItem):
    """In the article editor's action menu: posts to MarkReviewedView (the
    button's `formaction`), leaving the editor's unsaved changes aside."""

    label = gettext_lazy("Mark as reviewed")
    name = "action-mark-reviewed"
    icon_name = "success"
    template_name = "blog/admin/mark_reviewed_menu_item.html"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and isinstance(page, ArticlePage)
            and not context["locked_for_user"]
            and self.get_user_page_permissions_tester(context).can_edit()
        )

    def get_url(self, parent_context):
        return reverse("blog_mark_reviewed", args=[parent_context["page"].pk])


def sees_reviews_panel(user) -> bool:
    return user.is_superuser or user.groups.filter(name=MEDICAL_REVIEWERS).exists()


class ReviewsDuePanel(Component):
    """Dashboard: reviews due in the next 30 days the user may edit, overdue first."""

    name = "reviews_due"
    shown = 10  # the rest are in the report
    template_name = "blog/admin/reviews_due_panel.html"
    order = 95

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        default = review.default_interval(Site.find_for_request(self.request))
        rows = review.due_soon(self.request.user, default=default)
        return {
            "rows": rows[: self.shown],
            "more": max(len(rows) - self.shown, 0),
            "days": review.DUE_SOON_DAYS,
            "report_url": reverse("review_due_report"),
            # Rendered without the request: its buttons' forms need the token.
            "csrf_token": get_token(self.request),
        }
