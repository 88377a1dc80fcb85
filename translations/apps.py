from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "translations"
    verbose_name = "Translations"

    def ready(self):
        from wagtail.signals import page_published

        from translations.sync import sync_published_page

        page_published.connect(sync_published_page, dispatch_uid="translations_sync")
