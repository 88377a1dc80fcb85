"""Reports → Translations status, and starting a missing translation from its row."""

from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page, get_page_models
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import translate_object

import django_filters

from translations.status import (
    Row,
    State,
    editor_url,
    since_key,
    snippet_models,
    target_locales,
    translation_status,
)

page_policy = PagePermissionPolicy()


def may_see_status(user) -> bool:
    """Whoever edits pages (Marketers, Translators, superusers); not Enquiries."""
    return page_policy.user_has_any_permission(user, ["add", "change", "publish"])


def type_choices() -> list[tuple[str, str]]:
    models = [m for m in get_page_models() if m is not Page] + snippet_models()
    return sorted(
        ((m._meta.label_lower, capfirst(m._meta.verbose_name)) for m in models),
        key=lambda choice: choice[1],
    )


def section_choices() -> list[tuple[str, str]]:
    sections = Page.objects.filter(
        locale=Locale.get_default(), depth__in=[2, 3]
    ).order_by("path")
    return [(str(pk), title) for pk, title in sections.values_list("pk", "title")]


def locale_choices() -> list[tuple[str, str]]:
    return [(locale.language_code, str(locale)) for locale in target_locales()]


class StatusFilterSet(WagtailFilterSet):
    """Validates the filters; StatusReportView applies them to the rows."""

    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), choices=State.choices
    )
    type = django_filters.ChoiceFilter(label=gettext_lazy("Type"), choices=type_choices)
    section = django_filters.ChoiceFilter(
        label=gettext_lazy("Section"), choices=section_choices
    )
    locale = django_filters.ChoiceFilter(
        label=gettext_lazy("Locale"), choices=locale_choices
    )

    class Meta:
        model = TranslationSource  # unused: the rows are not a queryset
        fields = []


@dataclass
class ListedRow:
    """A status row with what this user may do with it."""

    row: Row
    edit_url: str | None
    start_url: str | None

    def __getattr__(self, name):
        return getattr(self.row, name)


class ActionColumn(Column):
    """A missing translation's one-click "Start translation" (a POST), or else a
    link to the editor."""

    cell_template_name = "translations/admin/action_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(parent_context["request"])
        return context


class StatusReportView(ReportView):
    page_title = gettext_lazy("Translations status")
    header_icon = "site"
    index_url_name = "translation_status"
    index_results_url_name = "translation_status_results"
    results_template_name = "translations/admin/status_report_results.html"
    filterset_class = StatusFilterSet
    any_permission_required = ["add", "change", "publish"]
    permission_policy = page_policy
    orderings = {
        "title": lambda row: row.title.casefold(),
        "since": since_key,
        "state": lambda row: list(State).index(row.state),
    }

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Title"),
                get_url=lambda row: row.edit_url,
                sort_key="title",
            ),
            Column("type_name", label=_("Type")),
            Column("path", label=_("Path")),
            Column("locale", label=_("Locale")),
            StatusTagColumn(
                "state_label",
                label=_("State"),
                primary=lambda row: row.state == State.UP_TO_DATE,
                sort_key="state",
            ),
            Column("progress", label=_("Progress")),
            DateColumn("since", label=_("Since"), sort_key="since"),
            ActionColumn("action", label=""),
        ]

    def get_valid_orderings(self):
        return [*self.orderings, *(f"-{key}" for key in self.orderings)]

    def get_base_queryset(self):
        return translation_status()

    def order_queryset(self, rows):
        if not self.ordering:
            return rows  # tree order, then snippets
        key = self.ordering.lstrip("-")
        return sorted(
            rows, key=self.orderings[key], reverse=self.ordering.startswith("-")
        )

    def filter_queryset(self, rows):
        if not (self.filters and self.filters.is_valid()):
            return rows  # a bad value is shown in the filters and ignored
        chosen = self.filters.form.cleaned_data
        tests = {
            "state": lambda row, value: row.state == value,
            "type": lambda row, value: row.type_key == value,
            "section": lambda row, value: row.section and str(row.section.pk) == value,
            "locale": lambda row, value: row.locale.language_code == value,
        }
        for name, test in tests.items():
            if chosen.get(name):
                rows = [row for row in rows if test(row, chosen[name])]
        return rows

    def paginate_queryset(self, rows, page_size):
        # The table is built from this list: add what this user may do to the page
        # shown (a few queries for the whole page, whatever its length).
        paginator, page, shown, is_paginated = super().paginate_queryset(
            rows, page_size
        )
        return paginator, page, self.with_actions(shown), is_paginated

    def with_actions(self, rows) -> list[ListedRow]:
        user = self.request.user
        editable = set(
            page_policy.instances_user_has_permission_for(user, "change")
            .filter(pk__in=[r.target_pk for r in rows if r.is_page and r.target_pk])
            .values_list("pk", flat=True)
        )
        addable = set(
            page_policy.instances_user_has_permission_for(user, "add")
            .filter(pk__in=[r.translated_parent_pk for r in rows if r.is_page])
            .values_list("pk", flat=True)
        )

        def may_change_snippet(row):
            meta = row.model._meta
            return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")

        listed = []
        for row in rows:
            may_edit = (
                row.target_pk in editable if row.is_page else may_change_snippet(row)
            )
            may_start = (
                row.translated_parent_pk in addable
                if row.is_page
                else may_change_snippet(row)
            )
            listed.append(
                ListedRow(
                    row,
                    edit_url=row.edit_url if may_edit else None,
                    start_url=start_url(row)
                    if row.state == State.MISSING and may_start
                    else None,
                )
            )
        return listed


def start_url(row: Row) -> str:
    meta = row.model._meta
    return reverse(
        "translation_start",
        args=[meta.app_label, meta.model_name, row.source_pk, row.locale.language_code],
    )


class StartTranslationView(View):
    """Create a missing translation as a draft and open its editor: one click.

    wagtail-localize's own "Translate" views ask for the
    `wagtail_localize.submit_translation` permission, which Translators do not have:
    it also opens "Sync translated pages" on English pages, with "Publish
    immediately". This view does one thing, with wagtail-localize's
    `translate_object()` (the same operation as its "Translate" form): a page
    translation is added under the page's translated parent, so it needs "add"
    there (Translators have it in the Chinese tree, Marketers do not); a snippet
    translation needs "change" on the snippet model. Nothing English is changed.
    """

    http_method_names = ["post"]

    def post(self, request, app_label, model_name, pk, locale):
        try:
            model = apps.get_model(app_label, model_name)
        except (LookupError, ValueError) as err:
            raise Http404 from err
        if not (issubclass(model, Page) or model in snippet_models()):
            raise Http404
        locale = Locale.objects.filter(language_code=locale).first()
        default = Locale.get_default()
        if locale is None or locale == default:
            raise Http404
        instance = model.objects.filter(pk=pk, locale=default).first()
        if instance is None:
            raise Http404
        if isinstance(instance, Page):
            instance = instance.specific

        existing = instance.get_translation_or_none(locale)
        if existing is not None and not getattr(existing, "alias_of_id", None):
            messages.info(request, _("This translation exists already."))
            return redirect(editor_url(type(existing), existing.pk))
        if isinstance(instance, Page):
            parent = instance.get_parent()
            if parent.get_translation_or_none(locale) is None:
                messages.error(
                    request,
                    _("Translate the page “%(parent)s” first: this page goes under it.")
                    % {"parent": parent.get_admin_display_title()},
                )
                return redirect("translation_status")
        self.check_permission(request.user, instance, locale)
        translate_object(instance, [locale], user=request.user)
        messages.success(
            request,
            _("Translation into %(locale)s started: translate it, then publish.")
            % {"locale": locale.get_display_name()},
        )
        target = instance.get_translation(locale)
        return redirect(editor_url(type(target), target.pk))

    def check_permission(self, user, instance, locale) -> None:
        if isinstance(instance, Page):
            parent = instance.get_parent().get_translation_or_none(locale)
            if (
                parent is None
                or not parent.permissions_for_user(user).can_add_subpage()
            ):
                raise PermissionDenied
        else:
            meta = instance._meta
            if not user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
                raise PermissionDenied
