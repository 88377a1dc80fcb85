from django.apps import AppConfig


class ServingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "serving"
    verbose_name = "Serving"

    def ready(self):
        # What starts a new content version (page cache) and purges the HTTP cache.
        from serving.cache import signals

        signals.connect()
        # SQLite: a write that finds the database locked is tried again.
        from serving import database

        database.connect()
