from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "enquiries"
    verbose_name = "Enquiries"

    def ready(self):
        # Sent again, never shown, on the page of a form sent while the database is
        # down (serving/not_sent.py): the honeypot and the form's token.
        from enquiries.forms import HONEYPOT_NAMES, STARTED_FIELD
        from serving import not_sent

        not_sent.hide_fields(STARTED_FIELD, *HONEYPOT_NAMES)
