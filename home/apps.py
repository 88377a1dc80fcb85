from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Site"

    def ready(self):
        # The `check --deploy` warning about SITE_URL and the Site record
        # (home/site_url.py registers it), and the renditions made when pages,
        # settings and images change (home/signals.py).
        from home import signals, site_url  # noqa: F401

        signals.connect()
