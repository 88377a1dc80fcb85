"""The contact page (the consultation form) and the enquiries it stores."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    AbstractFormField,
    AbstractFormSubmission,
    EmailFormMixin,
    FormMixin,
)
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from consultations import counting as consultation_counts
from enquiries import forms
from enquiries.minimisation import asks_for_national_id
from enquiries.panels import EnquiriesPanel
from enquiries.permissions import CHANGE_NOTIFICATION_ADDRESSES
from home.models.base import SYNCHRONIZED_SLUG, BasePage

logger = logging.getLogger(__name__)


class ContactSubmission(AbstractFormSubmission):
    """A consultation enquiry with the consent text the visitor agreed to, word for
    word and in their language (blank only on enquiries older than the checkbox),
    and, apart from it, whether they also agreed to marketing messages and the
    words of that offer as they saw them."""

    consent_text = models.TextField(_("consent text"), blank=True)
    marketing_consent = models.BooleanField(_("marketing consent"), default=False)
    marketing_consent_text = models.TextField(_("marketing consent text"), blank=True)

    class Meta:
        verbose_name = _("contact submission")
        verbose_name_plural = _("contact submissions")

    def get_data(self):
        # Shown as columns in the admin's submissions list and its CSV/XLSX export.
        return {
            **super().get_data(),
            "consent_text": self.consent_text,
            "marketing_consent": gettext("Yes")
            if self.marketing_consent
            else gettext("No"),
            "marketing_consent_text": self.marketing_consent_text,
        }


class UsedFormToken(models.Model):
    """The nonce of a contact form token that has sent its enquiry: the same token
    again is a replay (enquiries/forms.py). In the database rather than the cache,
    so that neither eviction nor a Redis outage forgets one before the token has
    expired; rows past their expiry are deleted as tokens are used."""

    nonce = models.CharField(max_length=32, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used form token")

    def __str__(self) -> str:
        return self.nonce

    @classmethod
    def claim(cls, nonce: str, expires_at) -> bool:
        """Record `nonce` as used; False if it was already (the unique index
        decides between two posts of the same token at the same moment)."""
        cls.objects.filter(expires_at__lt=timezone.now()).delete()
        try:
            with transaction.atomic():
                cls.objects.create(nonce=nonce, expires_at=expires_at)
        except IntegrityError:
            return False
        return True


class ContactFormField(TranslatableMixin, AbstractFormField):
    """A form field whose label, help text and choices translators translate."""

    page = ParentalKey(
        "enquiries.ContactPage", related_name="form_fields", on_delete=models.CASCADE
    )

    # The clean name keys the stored submission data: it must not change by language.
    override_translatable_fields = [SynchronizedField("clean_name")]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        pass

    def clean(self):
        super().clean()
        # Data minimisation (enquiries/minimisation.py): no NRIC, FIN or the like.
        for name in ("label", "clean_name", "help_text"):
            if asks_for_national_id(getattr(self, name)):
                raise ValidationError(
                    {
                        name: _(
                            "The form must not ask for an NRIC, FIN, passport or "
                            "other identity number: an enquiry does not need one."
                        )
                    }
                )


# Where staff notifications go: the clinic's, one setting for both languages.
NOTIFICATION_FIELDS = ("to_address", "from_address", "subject")


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
    # Translatable too. Singapore's Do Not Call rules: marketing by phone, text or
    # WhatsApp needs its own clear consent, never a condition of the enquiry.
    marketing_consent_text = models.TextField(
        _("marketing consent text"),
        blank=True,
        default=forms.DEFAULT_MARKETING_CONSENT_TEXT,
        help_text=_(
            "The label of the optional, unticked checkbox for news and offers. The "
            "answer is stored with each submission, apart from the consent above."
        ),
    )

    content_panels = [
        *Page.content_panels,
        EnquiriesPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Form fields"), label=_("Field")),
        FieldPanel("consent_text"),
        FieldPanel("marketing_consent_text"),
        FieldPanel("thank_you_text"),
        # Without the permission the fields are left out of the form: whatever is
        # posted for them is ignored.
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel(
                            "from_address", permission=CHANGE_NOTIFICATION_ADDRESSES
                        ),
                        FieldPanel(
                            "to_address", permission=CHANGE_NOTIFICATION_ADDRESSES
                        ),
                    ]
                ),
                FieldPanel("subject", permission=CHANGE_NOTIFICATION_ADDRESSES),
            ],
            heading=_("Notification email"),
            help_text=_(
                "Set on the English page; the translations send to the same addresses."
            ),
            permission=CHANGE_NOTIFICATION_ADDRESSES,
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    # Notification settings are the clinic's, not the visitor's language's: copied
    # from the English page on every sync, never offered to translators to override
    # (a translator could otherwise send the Chinese form's enquiries elsewhere).
    override_translatable_fields = [
        *SYNCHRONIZED_SLUG,
        *(SynchronizedField(name, overridable=False) for name in NOTIFICATION_FIELDS),
    ]

    # Spam and consent protection lives in enquiries/forms.py; see its docstring.
    form_builder = forms.ContactFormBuilder

    class Meta:
        verbose_name = _("contact page")
        permissions = [
            (
                "change_notification_addresses",
                _("Can change where the contact form's notifications are sent"),
            )
        ]

    def clean(self):
        super().clean()
        # A translation mails where its source page mails, however it was saved: an
        # override stored before these fields stopped being overridable, or an
        # edit of a translation no longer synced, cannot change them.
        source = self.get_translation_or_none(Locale.get_default())
        if source is not None and source.pk != self.pk:
            for name in NOTIFICATION_FIELDS:
                setattr(self, name, getattr(source, name))

    def summary(self) -> str:
        return self.intro

    def whatsapp_subject(self) -> str:
        return ""

    def consent_label(self) -> str:
        return self.consent_text.strip() or forms.default_consent_text()

    def marketing_label(self) -> str:
        return (
            self.marketing_consent_text.strip()
            or forms.default_marketing_consent_text()
        )

    def get_form_class(self):
        builder = self.form_builder(
            self.get_form_fields(), self.consent_label(), self.marketing_label()
        )
        return builder.get_form_class()

    def get_form_parameters(self):
        # Set by the before_serve_page hook in wagtail_hooks.py: Wagtail builds the
        # form without the request, and the rate limit needs the client's address.
        return {"client_ip": getattr(self, "client_ip", None)}

    def get_submission_class(self):
        return ContactSubmission

    def get_submissions_list_view_class(self):
        # Imported here: the admin views are not loaded with the models.
        from enquiries.views import EnquirySubmissionsView

        return EnquirySubmissionsView

    def get_data_fields(self):
        return [
            *super().get_data_fields(),
            ("consent_text", _("Consent")),
            ("marketing_consent", _("Marketing consent")),
            ("marketing_consent_text", _("Marketing consent text")),
        ]

    def process_form_submission(self, form):
        if form.is_spam:
            logger.info("Contact form on page %s: spam dropped", self.pk)
            return None
        # The token is used only if the enquiry is stored: one transaction.
        with transaction.atomic():
            if not UsedFormToken.claim(*form.token_use()):
                # A replay (a bot, or the same form sent twice): thanked, dropped.
                logger.info("Contact form on page %s: a used token, dropped", self.pk)
                return None
            # Stored before any email: an SMTP failure loses nothing.
            submission = self.get_submission_class().objects.create(
                page=self,
                form_data=form.enquiry_data(),
                consent_text=form.consent_text,
                marketing_consent=form.marketing_consent,
                marketing_consent_text=form.marketing_consent_text,
            )
        if self.to_address:
            # Only once the enquiry is committed: never an email for an enquiry
            # that was not stored, even when a caller holds a transaction open.
            transaction.on_commit(lambda: self.notify_staff(form, submission))
        return submission

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        # An enquiry stored (not spam, not a replay, not a preview): one more
        # consultation for the page the visitor came from.
        if form_submission is not None:
            consultation_counts.record_enquiry(request, self)
        return super().render_landing_page(request, form_submission, *args, **kwargs)

    def notify_staff(self, form, submission) -> None:
        try:
            self.send_mail(form)
        except (smtplib.SMTPException, OSError):
            logger.exception(
                "Contact form: the notification email for submission %s failed; "
                "the submission is stored",
                submission.pk,
            )

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
        if self.received_on and self.received_on > timezone.localdate():
            # The 30 days run from the real date: a later one would hide a delay.
            raise ValidationError(
                {"received_on": _("A request cannot be received in the future.")}
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
