from django.apps import AppConfig


class StaffConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "staff"
    verbose_name = "Staff"

    def ready(self):
        # Connects the sign-in throttling's signal receivers.
        from staff import sign_in  # noqa: F401
