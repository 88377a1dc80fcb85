"""Hooks of the contact page, of the Forms admin where its enquiries are read, and
the admin of patients' data requests."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from enquiries import audit, data_requests, request_views, views
from enquiries.models import ContactPage, ContactSubmission, DataRequest
from enquiries.permissions import can_read_enquiries
from serving import throttle

# Enquiries staff and superusers only: the model permissions staff/roles.py grants.
register_permission_policy(DataRequest, ModelPermissionPolicy(DataRequest))


@hooks.register("before_serve_page")
def note_contact_form_client(page, request, serve_args, serve_kwargs):
    """wagtail.contrib.forms builds the form without the request; the contact form's
    rate limit needs the client's address (ContactPage.get_form_parameters)."""
    if isinstance(page, ContactPage):
        page.client_ip = throttle.client_ip(request)


# --- Who sees enquiries ----------------------------------------------------------


@hooks.register("filter_form_submissions_for_user")
def enquiries_only_for_enquiries_staff(user, form_pages):
    """Wagtail offers a form's submissions to whoever may edit the page. Here they
    go to those who may read enquiries (the Enquiries group, superusers), every
    contact page in both languages, and to nobody else: Forms is then hidden from
    the menu and its views refuse."""
    if not can_read_enquiries(user):
        return form_pages.none()
    return Page.objects.type(ContactPage)


# Order -1: before wagtail.contrib.forms registers "forms/", so Wagtail's own URLs
# (reversed as "wagtailforms:…") reach these subclasses. The submissions list is
# ContactPage.submissions_list_view_class.
@hooks.register("register_admin_urls", order=-1)
def register_forms_views():
    return [
        path("forms/", views.EnquiryFormsView.as_view(), name="enquiries_forms"),
        path(
            "forms/results/",
            views.EnquiryFormsView.as_view(results_only=True),
            name="enquiries_forms_results",
        ),
        path(
            "forms/submissions/<int:page_id>/delete/",
            views.EnquiryDeleteView.as_view(),
            name="enquiries_delete_submissions",
        ),
    ]


@hooks.register("register_log_actions")
def register_enquiry_log_actions(actions):
    for action, formatter in audit.FORMATTERS.items():
        actions.register_action(action)(formatter)


@hooks.register("register_permissions")
def register_enquiry_permissions():
    """Shown in Settings → Groups, so the Enquiries role can be given to a group."""
    return Permission.objects.filter(
        content_type__app_label="enquiries",
        codename__in=[
            "view_contactsubmission",
            "delete_contactsubmission",
            "change_notification_addresses",
        ],
    )


# --- No enquiries deleted with their page ------------------------------------------


def _holding_enquiries(pages) -> list:
    return [
        page
        for page in pages
        if isinstance(page, Page)
        and ContactSubmission.objects.filter(page__path__startswith=page.path).exists()
    ]


def _refuse(request, page):
    messages.error(
        request,
        _(
            "'%(title)s' holds enquiries from patients. They must be deleted under "
            "Forms first, by staff who may (that is logged); then the page can be "
            "deleted."
        )
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_delete_page")
def keep_enquiries_from_page_deletion(request, page):
    """Deleting a contact page (or an ancestor) would delete its enquiries with it,
    by someone who may not see them and with no trace."""
    if _holding_enquiries([page]):
        return _refuse(request, page)
    return None


@hooks.register("before_bulk_action")
def keep_enquiries_from_bulk_page_deletion(request, action_type, objects, action):
    if action_type != "delete":
        return None
    holding = _holding_enquiries(objects)
    if holding:
        return _refuse(request, holding[0])
    return None


# --- Patients' PDPA requests (request_views.py, data_requests.py) ---------------


@hooks.register("register_log_actions")
def register_data_request_log_actions(actions):
    data_requests.register_log_actions(actions)


@hooks.register("register_admin_viewset")
def register_data_request_viewset():
    return request_views.DataRequestViewSet("datarequest")


@hooks.register("register_admin_urls")
def register_data_requests_report_urls():
    return [
        path(
            "reports/data-requests/",
            request_views.OpenDataRequestsReportView.as_view(),
            name="data_requests_report",
        ),
        path(
            "reports/data-requests/results/",
            request_views.OpenDataRequestsReportView.as_view(results_only=True),
            name="data_requests_report_results",
        ),
    ]


class DataRequestsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request_views.can_handle_requests(request.user)


@hooks.register("register_reports_menu_item")
def register_data_requests_report_menu_item():
    return DataRequestsReportMenuItem(
        gettext_lazy("Patients' data requests due"),
        reverse("data_requests_report"),
        icon_name="user",
        order=810,
    )


@hooks.register("construct_homepage_panels")
def add_data_requests_panel(request, panels):
    if request_views.can_handle_requests(request.user):
        panels.append(request_views.DataRequestsDashboardPanel())
