"""Wagtail's Forms admin for enquiries: the same views and URLs, with who may use
them (enquiries/permissions.py), an audit log entry for every view, export and
deletion (enquiries/audit.py), and exports that spreadsheets cannot run.

The submissions list is ContactPage.get_submissions_list_view_class(); the forms
index and the delete view are mounted on Wagtail's own URLs
(enquiries/wagtail_hooks.py).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.contrib.forms.views import (
    DeleteSubmissionsView,
    FormPagesListView,
    SubmissionsListView,
)

from enquiries import audit
from enquiries.permissions import can_delete_enquiries

# OWASP's CSV injection rule: a cell starting with one of these is a formula (or
# becomes one when edited) in Excel, LibreOffice and Google Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix a single quote to text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class EnquiryFormsView(FormPagesListView):
    """The Forms index. Wagtail asks for some page permission; Enquiries staff edit
    no pages. Which forms anyone sees is get_forms_for_user()'s answer (the
    filter_form_submissions_for_user hook), and someone with none is refused."""

    any_permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not get_forms_for_user(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EnquirySubmissionsView(SubmissionsListView):
    def render_to_response(self, context, **response_kwargs):
        submissions = context[self.context_object_name]
        if self.is_export:
            ids = list(submissions.values_list("pk", flat=True))
            details = {"format": self.request.GET.get("export")}
            action = audit.EXPORT
        else:
            ids = [submission.pk for submission in submissions]
            details = {}
            action = audit.VIEW
        # Logged before anything is shown: no entry, no enquiries.
        audit.log_access(action, self.form_page, self.request.user, ids, **details)
        return super().render_to_response(context, **response_kwargs)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value)

    def get_heading(self, queryset, field):
        # Headings are field labels, typed by staff: the same rule.
        return neutralise_formula(super().get_heading(queryset, field))


class EnquiryDeleteView(DeleteSubmissionsView):
    def dispatch(self, request, *args, **kwargs):
        if not can_delete_enquiries(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def handle_delete(self, submissions):
        ids = list(submissions.values_list("pk", flat=True))
        # Deleted and logged together, or neither.
        with transaction.atomic():
            super().handle_delete(submissions)
            audit.log_access(audit.DELETE, self.page, self.request.user, ids)
