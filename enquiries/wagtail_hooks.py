"""Hooks of the contact page, and the admin of patients' data requests."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from enquiries import data_requests, views
from enquiries.models import ContactPage, DataRequest
from serving import throttle

# Enquiries staff and superusers only: the model permissions staff/roles.py grants.
register_permission_policy(DataRequest, ModelPermissionPolicy(DataRequest))


@hooks.register("before_serve_page")
def note_contact_form_client(page, request, serve_args, serve_kwargs):
    """wagtail.contrib.forms builds the form without the request; the contact form's
    rate limit needs the client's address (ContactPage.get_form_parameters)."""
    if isinstance(page, ContactPage):
        page.client_ip = throttle.client_ip(request)


# --- Patients' PDPA requests (enquiries/views.py, enquiries/data_requests.py) --------


@hooks.register("register_log_actions")
def register_data_request_log_actions(actions):
    data_requests.register_log_actions(actions)


@hooks.register("register_admin_viewset")
def register_data_request_viewset():
    return views.DataRequestViewSet("datarequest")


@hooks.register("register_admin_urls")
def register_data_requests_report_urls():
    return [
        path(
            "reports/data-requests/",
            views.OpenDataRequestsReportView.as_view(),
            name="data_requests_report",
        ),
        path(
            "reports/data-requests/results/",
            views.OpenDataRequestsReportView.as_view(results_only=True),
            name="data_requests_report_results",
        ),
    ]


class DataRequestsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_handle_requests(request.user)


@hooks.register("register_reports_menu_item")
def register_data_requests_report_menu_item():
    return DataRequestsReportMenuItem(
        _("Patients' data requests due"),
        reverse("data_requests_report"),
        icon_name="user",
        order=810,
    )


@hooks.register("construct_homepage_panels")
def add_data_requests_panel(request, panels):
    if views.can_handle_requests(request.user):
        panels.append(views.DataRequestsDashboardPanel())
