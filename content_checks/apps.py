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
