"""The contact page (the consultation form) and the enquiries it stores."""

import logging
import smtplib

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
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from enquiries import forms
from enquiries.minimisation import asks_for_national_id
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
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Form fields"), label=_("Field")),
        FieldPanel("consent_text"),
        FieldPanel("marketing_consent_text"),
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
