from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Site"

    def ready(self):
        # Connects the sign-in throttling's signal receivers.
        from home import admin_security  # noqa: F401

        # What starts a new content version (page cache) and purges the HTTP cache.
        from home.cache import signals

        signals.connect()
