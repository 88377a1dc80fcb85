"""The contact page (the consultation form) and the enquiries it stores."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    AbstractFormField,
    AbstractFormSubmission,
    EmailFormMixin,
    FormMixin,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from enquiries import forms
from home.models.base import SYNCHRONIZED_SLUG, BasePage

logger = logging.getLogger(__name__)


class ContactSubmission(AbstractFormSubmission):
    """A consultation enquiry with the consent text the visitor agreed to, word for
    word and in their language (blank only on enquiries older than the checkbox)."""

    consent_text = models.TextField(_("consent text"), blank=True)

    class Meta:
        verbose_name = _("contact submission")
        verbose_name_plural = _("contact submissions")

    def get_data(self):
        # Shown as a column in the admin's submissions list and its CSV/XLSX export.
        return {**super().get_data(), "consent_text": self.consent_text}


class ContactFormField(TranslatableMixin, AbstractFormField):
    """A form field whose label, help text and choices translators translate."""

    page = ParentalKey(
        "enquiries.ContactPage", related_name="form_fields", on_delete=models.CASCADE
    )

    # The clean name keys the stored submission data: it must not change by language.
    override_translatable_fields = [SynchronizedField("clean_name")]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        pass


class ContactPage(EmailFormMixin, FormMixin, BasePage):
    """The consultation form: marketers set its fields; enquiries stored, emailed."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=["bold", "italic", "link"]
    )
    # Translatable (a TextField segment): the Chinese page shows and stores its own.
    consent_text = models.TextField(
        _("consent text"),
        blank=True,
        default=forms.DEFAULT_CONSENT_TEXT,
        help_text=_(
            "The label of the consent checkbox every visitor must tick. It is stored "
            "with each submission, as the visitor saw it."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Form fields"), label=_("Field")),
        FieldPanel("consent_text"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Notification email"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    # Notification settings are the clinic's, not the visitor's language's.
    override_translatable_fields = [
        *SYNCHRONIZED_SLUG,
        SynchronizedField("to_address"),
        SynchronizedField("from_address"),
        SynchronizedField("subject"),
    ]

    # Spam and consent protection lives in enquiries/forms.py; see its docstring.
    form_builder = forms.ContactFormBuilder

    class Meta:
        verbose_name = _("contact page")

    def summary(self) -> str:
        return self.intro

    def consent_label(self) -> str:
        return self.consent_text.strip() or forms.default_consent_text()

    def get_form_class(self):
        builder = self.form_builder(self.get_form_fields(), self.consent_label())
        return builder.get_form_class()

    def get_form_parameters(self):
        # Set by the before_serve_page hook in wagtail_hooks.py: Wagtail builds the
        # form without the request, and the rate limit needs the client's address.
        return {"client_ip": getattr(self, "client_ip", None)}

    def get_submission_class(self):
        return ContactSubmission

    def get_data_fields(self):
        return [*super().get_data_fields(), ("consent_text", _("Consent"))]

    def process_form_submission(self, form):
        if form.is_spam:
            logger.info("Contact form on page %s: spam dropped", self.pk)
            return None
        # Stored before any email: an SMTP failure loses nothing.
        submission = self.get_submission_class().objects.create(
            page=self, form_data=form.enquiry_data(), consent_text=form.consent_text
        )
        if self.to_address:
            try:
                self.send_mail(form)
            except (smtplib.SMTPException, OSError):
                logger.exception(
                    "Contact form: the notification email for submission %s failed; "
                    "the submission is stored",
                    submission.pk,
                )
        return submission

    def render_email(self, form) -> str:
        return forms.notification_text(self)


# --- PDPA: patients' requests and the retention job ---------------------------------

#: Singapore's PDPA: access and correction requests are answered within 30 days.
RESPONSE_DAYS = 30


class DataRequest(models.Model):
    """A patient's access, correction or withdrawal request under the PDPA, as the
    clinic's Enquiries staff record it (enquiries/data_requests.py does the rest)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access")
        CORRECTION = "correction", _("Correction")
        WITHDRAWAL = "withdrawal", _("Withdrawal of consent")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        IN_PERSON = "in_person", _("In person")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    requester_name = models.CharField(_("requester's name"), max_length=200)
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Their enquiries are found by this email address and/or phone."),
    )
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("With or without +65.")
    )
    channel = models.CharField(_("received by"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    language = models.CharField(
        _("reply in"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the file exported for the requester."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        editable=False,
    )
    notes = models.TextField(_("notes"), blank=True)

    # The identity check, recorded before anything is disclosed or deleted.
    identity_check = models.TextField(
        _("how the identity was checked"), blank=True, editable=False
    )
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("identity checked by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identity_checked_at = models.DateTimeField(
        _("identity checked at"), null=True, blank=True, editable=False
    )

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, editable=False)

    class Meta:
        verbose_name = _("patient's data request")
        verbose_name_plural = _("patients' data requests")
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        # No name or contact details: this label is copied into the audit log.
        return _("%(kind)s request #%(number)s") % {
            "kind": self.get_kind_display(),
            "number": self.pk or "-",
        }

    def clean(self):
        super().clean()
        if not (self.email or self.phone):
            raise ValidationError(
                _("Give the requester's email address or phone number (or both).")
            )

    @property
    def due_on(self) -> datetime.date:
        return self.received_on + datetime.timedelta(days=RESPONSE_DAYS)

    def days_left(self, today: datetime.date | None = None) -> int:
        """Days until the deadline; negative when overdue."""
        return (self.due_on - (today or timezone.localdate())).days

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def identity_checked(self) -> bool:
        return bool(self.identity_check and self.identity_checked_at)


class RetentionRun(models.Model):
    """One run of the daily retention job: `purge_submissions` (enquiries) or
    `purge_backups` (archives in BACKUP_DIR). The admin shows the latest."""

    class Task(models.TextChoices):
        SUBMISSIONS = "submissions", _("Enquiries")
        BACKUPS = "backups", _("Backup archives")

    task = models.CharField(_("task"), max_length=20, choices=Task.choices)
    ran_at = models.DateTimeField(_("ran at"), default=timezone.now, db_index=True)
    older_than_days = models.PositiveIntegerField(_("older than (days)"))
    removed = models.PositiveIntegerField(_("removed"))
    dry_run = models.BooleanField(_("dry run"), default=False)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.get_task_display()} {self.ran_at:%Y-%m-%d %H:%M}"
