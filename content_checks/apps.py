from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentChecksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content_checks"
    verbose_name = _("Content checks")
