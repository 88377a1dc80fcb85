from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Site"

    def ready(self):
        # Renditions made when pages, settings and images change (home/signals.py).
        from home import signals

        signals.connect()
