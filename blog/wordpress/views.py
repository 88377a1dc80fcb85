"""The WordPress import in the admin (Settings > Import from WordPress).

Upload the export (and optionally a zip of wp-content/uploads), read the dry-run
report, press Confirm to run the real import on the same files. Open to
superusers and to users with the `blog.import_wordpress` permission.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from blog.wordpress import stash
from blog.wordpress.importer import run_import
from blog.wordpress.wxr import WXRError

PERMISSION = "blog.import_wordpress"


def can_import(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


class ImportForm(forms.Form):
    export = forms.FileField(
        label=_("WordPress export (.xml)"),
        help_text=_(
            "In WordPress: Tools → Export → All content → Download Export File."
        ),
    )
    uploads = forms.FileField(
        label=_("Images (.zip, optional)"),
        required=False,
        help_text=_(
            "A zip of the site's wp-content/uploads folder; without it, images are "
            "left out."
        ),
    )


class ImportWordPressView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "blog/admin/import_wordpress.html"
    page_title = _("Import from WordPress")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            folder = stash.stash(
                request.session,
                form.cleaned_data["export"],
                form.cleaned_data["uploads"],
            )
            report = self.run(folder, dry_run=True)
        except stash.ArchiveError as error:
            form.add_error("uploads", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        except WXRError as error:
            stash.discard(request.session)
            form.add_error("export", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        return self.render_to_response(
            self.get_context_data(report=report, confirm=True)
        )

    def confirm(self, request):
        folder = stash.stashed(request.session)
        if folder is None:
            messages.error(
                request, _("The uploaded file is gone; please upload it again.")
            )
            return redirect("blog_import_wordpress")
        try:
            report = self.run(folder, dry_run=False)
        except WXRError as error:
            messages.error(request, str(error))
            return redirect("blog_import_wordpress")
        finally:
            stash.discard(request.session)
        messages.success(request, _("WordPress import finished."))
        return self.render_to_response(self.get_context_data(report=report))

    def run(self, folder, dry_run: bool):
        uploads = folder / "uploads"
        with open(folder / "export.xml", "rb") as export:
            return run_import(
                export, uploads if uploads.is_dir() else None, dry_run=dry_run
            )
