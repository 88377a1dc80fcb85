from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Site"

    def ready(self):
        # Registers the `check --deploy` warning about SITE_URL and the Site record.
        from home import site_url  # noqa: F401
