from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "translations"
    verbose_name = "Translations"

    def ready(self):
        from wagtail.signals import page_published

        from translations import sync

        page_published.connect(
            sync.sync_published_page, dispatch_uid="translations_sync"
        )
        sync.connect()
