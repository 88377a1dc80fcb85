from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentChecksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content_checks"
    verbose_name = _("Content checks")

    def ready(self):
        # Every site page type's editor shows the checks (content_checks/editor.py);
        # done here, before any editor is built, so that `home` needs no import of us.
        from content_checks.editor import add_to_page_types

        add_to_page_types()

        # The report's admin URL and menu item, and the term snippets' admin (not
        # in wagtail_hooks.py, which holds the editor panel's hooks).
        from content_checks import report_hooks, snippets  # noqa: F401
