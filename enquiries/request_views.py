"""Admin for patients' PDPA requests: record one, check the requester's identity,
export or delete their enquiries, close it; the report of open requests.

Who: the Enquiries group and superusers (the `enquiries.*_datarequest` model
permissions, granted in staff/roles.py). Everyone else is refused by Wagtail's
permission policy for DataRequest, on every view.
"""

import datetime

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import (
    Column,
    DateColumn,
    StatusTagColumn,
    Table,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.generic import (
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from enquiries import data_requests
from enquiries.models import DataRequest, RetentionRun

#: The retention job runs daily; the admin warns when it has not for this long.
RETENTION_WARNING_AFTER = datetime.timedelta(days=2)


def can_handle_requests(user) -> bool:
    return policy_registry.get_by_type(DataRequest).user_has_any_permission(
        user, ["view", "change"]
    )


# --- The form ------------------------------------------------------------------------


class DataRequestForm(WagtailAdminModelForm):
    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not data_requests.normalise_phone(phone):
            raise forms.ValidationError(
                _("Enter a phone number: at least 8 digits, with or without +65.")
            )
        return phone

    def save(self, commit=True):
        # An identity check vouches for one person: new contact details need a new one.
        who_changed = {"requester_name", "email", "phone"} & set(self.changed_data)
        if self.instance.pk and who_changed and self.instance.identity_checked:
            self.instance.identity_check = ""
            self.instance.identity_checked_by = None
            self.instance.identity_checked_at = None
        return super().save(commit)


# --- The request's own page and its steps ---------------------------------------


def local_time(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"


class DataRequestInspectView(generic.InspectView):
    """The request, the requester's enquiries found in both languages, the steps."""

    template_name = "enquiries/admin/data_request_inspect.html"

    def get_received_on_display_value(self):
        return f"{self.object.received_on:%Y-%m-%d}"

    def get_due_on_display_value(self):
        return due_text(self.object)

    def get_identity_check_display_value(self):
        request = self.object
        if not request.identity_checked:
            return gettext("Not recorded yet")
        return gettext("%(how)s (by %(user)s, %(when)s)") % {
            "how": request.identity_check,
            "user": request.identity_checked_by or "—",
            "when": local_time(request.identity_checked_at),
        }

    def get_created_at_display_value(self):
        return local_time(self.object.created_at)

    def get_closed_at_display_value(self):
        return local_time(self.object.closed_at)

    def get_recorded_by_display_value(self):
        return self.object.recorded_by or "—"

    def get_field_label(self, field_name, field):
        if field_name == "due_on":
            return gettext("Due")
        return super().get_field_label(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        matches = data_requests.find_enquiries(self.object)
        context["enquiries_table"] = enquiries_table(matches)
        context["matches"] = matches
        context["can_change"] = self.user_has_permission("change")
        return context


def _found_by(match: data_requests.Match) -> str:
    ways = [gettext("email")] if match.by_email else []
    ways += [gettext("phone")] if match.by_phone else []
    return ", ".join(ways)


def _form_of(match: data_requests.Match) -> str:
    page = match.submission.page
    return f"{page.title} ({page.locale.get_display_name()})"


def enquiries_table(matches: list[data_requests.Match]) -> Table:
    """The requester's enquiries: when, which form and language, and how found;
    not what they wrote (that goes to the patient in the export)."""
    return Table(
        [
            Column("reference", label=_("Reference"), accessor="submission.pk"),
            Column(
                "sent",
                label=_("Sent"),
                accessor=lambda match: local_time(match.submission.submit_time),
            ),
            Column("form", label=_("Form"), accessor=_form_of),
            Column("found_by", label=_("Found by"), accessor=_found_by),
        ],
        matches,
    )


class DataRequestStepView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """A step on one open request (the `change` permission). GET asks, POST does."""

    model = DataRequest
    permission_required = "change"
    header_icon = "user"
    needs_identity_check = False

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(DataRequest, pk=pk)

    @property
    def request_url(self) -> str:
        return reverse("datarequest:inspect", args=[self.object.pk])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("datarequest:index"),
                "label": DataRequest._meta.verbose_name_plural.capitalize(),
            },
            {"url": self.request_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def refusal(self) -> str:
        """Why this step cannot be taken now ("" if it can)."""
        if not self.object.is_open:
            return gettext("This request is closed.")
        if self.needs_identity_check and not self.object.identity_checked:
            return gettext(
                "Record how the requester's identity was checked first: nothing is "
                "disclosed or deleted before that."
            )
        return ""

    def get(self, request, *args, **kwargs):
        if reason := self.refusal():
            messages.error(request, reason)
            return redirect(self.request_url)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if reason := self.refusal():
            messages.error(request, reason)
            return redirect(self.request_url)
        return self.act(request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["request_url"] = self.request_url
        return context


class IdentityCheckForm(forms.Form):
    how = forms.CharField(
        label=_("How was the requester's identity checked?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: photo ID seen at the front desk; called back on the phone "
            "number in their earlier enquiry. Do not write down ID numbers."
        ),
    )


class IdentityCheckView(DataRequestStepView):
    page_title = _("Record the identity check")
    template_name = "enquiries/admin/data_request_identity.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", IdentityCheckForm())
        return context

    def act(self, request):
        form = IdentityCheckForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data_requests.record_identity_check(
            self.object, form.cleaned_data["how"], request.user
        )
        messages.success(request, gettext("Identity check recorded."))
        return redirect(self.request_url)


class ExportView(DataRequestStepView):
    """POST only: the download is a disclosure, logged as one."""

    http_method_names = ["post"]
    needs_identity_check = True

    def act(self, request):
        matches = data_requests.find_enquiries(self.object)
        text = data_requests.export_text(self.object, matches)
        data_requests.log_export(self.object, matches, request.user)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        filename = data_requests.export_filename(self.object)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class DeleteEnquiriesView(DataRequestStepView):
    page_title = _("Delete the requester's enquiries")
    template_name = "enquiries/admin/data_request_delete.html"
    needs_identity_check = True

    def refusal(self) -> str:
        if self.object.kind != DataRequest.Kind.WITHDRAWAL:
            return gettext("Only a withdrawal of consent deletes enquiries.")
        return super().refusal()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["matches"] = matches = data_requests.find_enquiries(self.object)
        context["enquiries_table"] = enquiries_table(matches)
        return context

    def act(self, request):
        ids = [pk for pk in request.POST.getlist("submission") if pk.isdigit()]
        deleted = data_requests.delete_enquiries(self.object, ids, request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s enquiry deleted.",
                "%(count)s enquiries deleted.",
                len(deleted),
            )
            % {"count": len(deleted)},
        )
        return redirect(self.request_url)


class CloseView(DataRequestStepView):
    page_title = _("Close the request")
    template_name = "enquiries/admin/data_request_close.html"

    def act(self, request):
        data_requests.close(self.object, request.user)
        messages.success(request, gettext("Request closed."))
        return redirect(self.request_url)


# --- Listing, creating, editing -------------------------------------------------


def due_text(data_request: DataRequest, today: datetime.date | None = None) -> str:
    days = data_request.days_left(today)
    due = f"{data_request.due_on:%Y-%m-%d}"
    if not data_request.is_open:
        return due
    if days < 0:
        return ngettext(
            "%(due)s (%(days)s day overdue)", "%(due)s (%(days)s days overdue)", -days
        ) % {"due": due, "days": -days}
    return ngettext(
        "%(due)s (%(days)s day left)", "%(due)s (%(days)s days left)", days
    ) % {"due": due, "days": days}


class DueColumn(Column):
    def get_value(self, instance):
        return due_text(instance)


def _inspect_url(instance) -> str:
    return reverse("datarequest:inspect", args=[instance.pk])


def request_columns(sortable: bool = True):
    return [
        TitleColumn("title", label=_("Request"), accessor=str, get_url=_inspect_url),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda instance: instance.is_open,
        ),
        DateColumn(
            "received_on",
            label=_("Received"),
            sort_key="received_on" if sortable else None,
        ),
        DueColumn("due", label=_("Due")),
    ]


class DataRequestIndexView(generic.IndexView):
    @cached_property
    def columns(self):
        return request_columns()


class DataRequestCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.recorded_by = self.request.user
        instance.save()
        data_requests.log_step(
            instance,
            "enquiries.request.recorded",
            self.request.user,
            submission_ids=data_requests.submission_ids(
                data_requests.find_enquiries(instance)
            ),
        )
        return instance

    def get_success_url(self):
        return _inspect_url(self.object)


class DataRequestEditView(generic.EditView):
    def get_success_url(self):
        return _inspect_url(self.object)


class DataRequestViewSet(ModelViewSet):
    model = DataRequest
    icon = "user"
    menu_label = _("Data requests")
    menu_order = 350
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = DataRequestIndexView
    add_view_class = DataRequestCreateView
    edit_view_class = DataRequestEditView
    inspect_view_class = DataRequestInspectView
    inspect_view_fields = [
        "kind",
        "status",
        "requester_name",
        "email",
        "phone",
        "channel",
        "received_on",
        "due_on",
        "language",
        "notes",
        "identity_check",
        "recorded_by",
        "created_at",
        "closed_at",
    ]
    list_filter = ["status", "kind"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("channel")]),
            FieldPanel("requester_name"),
            FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            FieldRowPanel([FieldPanel("received_on"), FieldPanel("language")]),
            FieldPanel("notes"),
        ],
        base_form_class=DataRequestForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "identity/<int:pk>/",
                IdentityCheckView.as_view(),
                name="identity_check",
            ),
            path("export/<int:pk>/", ExportView.as_view(), name="export"),
            path(
                "delete-enquiries/<int:pk>/",
                DeleteEnquiriesView.as_view(),
                name="delete_enquiries",
            ),
            path("close/<int:pk>/", CloseView.as_view(), name="close"),
        ]


# --- Report and retention status ------------------------------------------------


def retention_status(now: datetime.datetime | None = None) -> dict:
    """When each half of the daily retention job last really ran (not dry), what it
    removed, and whether it is overdue."""
    now = now or timezone.now()
    status = {"stale": False, "tasks": []}
    for task, label in RetentionRun.Task.choices:
        last = RetentionRun.objects.filter(task=task, dry_run=False).first()
        stale = last is None or now - last.ran_at > RETENTION_WARNING_AFTER
        status["stale"] |= stale
        status["tasks"].append({"label": label, "last": last, "stale": stale})
    return status


class RetentionStatusPanel(Component):
    """The retention job's last runs: on the report and the dashboard."""

    template_name = "enquiries/admin/retention_status.html"
    order = 150

    def get_context_data(self, parent_context=None):
        return {
            "retention": retention_status(),
            "report_url": reverse("data_requests_report"),
        }


class DataRequestsDashboardPanel(RetentionStatusPanel):
    template_name = "enquiries/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        requests = list(data_requests.open_requests())
        return {
            **super().get_context_data(parent_context),
            "open_count": len(requests),
            "overdue_count": sum(1 for r in requests if r.days_left() < 0),
        }


class OpenDataRequestsReportView(ReportView):
    """Open requests by deadline: the overdue first, then the nearest."""

    page_title = _("Patients' data requests due")
    header_icon = "user"
    model = DataRequest
    any_permission_required = ["view", "change"]
    index_url_name = "data_requests_report"
    index_results_url_name = "data_requests_report_results"
    results_template_name = "enquiries/admin/data_requests_report_results.html"
    list_export = ["pk", "kind", "received_on", "due_on", "days_left"]
    export_headings = {
        "pk": _("Request"),
        "kind": _("Kind"),
        "received_on": _("Received"),
        "due_on": _("Due"),
        "days_left": _("Days left (negative: overdue)"),
    }

    @cached_property
    def columns(self):
        # No sorting: the deadline order is the report.
        return request_columns(sortable=False)

    def get_queryset(self):
        return data_requests.open_requests()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["retention_panel"] = RetentionStatusPanel()
        return context
