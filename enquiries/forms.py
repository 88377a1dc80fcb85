"""Spam, abuse and consent protection for the consultation form.

ContactPage builds its form with ContactFormBuilder (wagtail.contrib.forms): the
marketer's fields, then

- a honeypot text field ("website"), hidden from people (CSS, aria-hidden, out of
  the tab order) and filled in by simple bots;
- a signed timestamp of the moment the form was shown: a post that comes back
  sooner than a person could fill the form, or without our timestamp, is a bot's;
  each token carries a random nonce and sends one enquiry only (the nonce is
  recorded in the database, enquiries.models.UsedFormToken): a replayed token is
  a bot's too (or a double click), dropped like one;
- a required consent checkbox labelled with the page's own, translated, consent
  text, which is stored word for word with the submission;
- a separate, optional, unticked checkbox for marketing messages (Singapore's Do
  Not Call rules ask for clear, separate consent), with its own translated label;
  the answer and the label are stored apart from the consent to be contacted.

Every field the marketer adds has a maximum length for its type (MAX_LENGTHS):
a longer answer comes back with the visitor's text and a clear error, in their
language, and is never stored.

A bot's post passes validation as if it were fine, so it gets the thank-you page
and learns nothing; ContactPage.process_form_submission stores and sends nothing.
People get clear errors: a form left open for over a day, or too many messages
from one client in a few minutes (counted in the database, serving/throttle.py).
"""

import datetime
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from home.languages import language_name
from serving import throttle

# The marketer's fields are named by wagtail's safe_snake_case, which never writes a
# hyphen: these names cannot clash with theirs. The honeypot's name must look real
# to a bot, so it takes a hyphenated name only if a marketer's field is "Website".
HONEYPOT_NAMES = ("website", "website-address")
STARTED_FIELD = "form-token"
CONSENT_FIELD = "privacy-consent"
MARKETING_FIELD = "marketing-consent"

DEFAULT_CONSENT_TEXT = gettext_noop(
    "I agree that the clinic may keep the information I give in this form and use it "
    "to reply to my enquiry."
)
DEFAULT_MARKETING_CONSENT_TEXT = gettext_noop(
    "I would also like to receive news and offers from the clinic by email, phone "
    "call, text or WhatsApp message. (Optional: I can withdraw this at any time.)"
)

_signer = signing.Signer(salt="enquiries.forms.started")

# The most characters a visitor may send in a field of each type. A single line
# matches Wagtail's own limit; an email address cannot be longer than 254 (RFC 5321);
# a message of 5,000 characters is some 800 words, more than an enquiry needs.
MAX_LENGTHS = {
    "singleline": 255,
    "email": 254,
    "url": 2000,
    "hidden": 255,
    "multiline": 5000,
}
# A number field: digits in all (Django counts an exponent's zeros as digits).
MAX_DIGITS = 20
TOO_LONG = _(
    "Please shorten this to %(limit_value)s characters at most (it has %(show_value)s)."
)


def _setting(name: str, default: int) -> int:
    return getattr(settings, name, default)


def min_fill_seconds() -> int:
    return _setting("CONTACT_FORM_MIN_SECONDS", 3)


def max_form_age() -> int:
    return _setting("CONTACT_FORM_MAX_AGE", 24 * 60 * 60)


def now() -> float:
    """The form's clock; tests turn it back to play a visitor who took their time."""
    return time.time()


def started_token() -> str:
    """When the form was shown, and a nonce that makes this token single-use."""
    return _signer.sign(f"{int(now())}.{secrets.token_urlsafe(12)}")


def read_token(token) -> tuple[int, str] | None:
    """(shown at, nonce) of one of our tokens; None for anything else, including
    a token from before nonces (it could be replayed)."""
    try:
        started, _dot, nonce = _signer.unsign(token).partition(".")
        return int(started), nonce or None
    except (signing.BadSignature, TypeError, ValueError):
        return None


def token_age(token) -> float | None:
    """Seconds since the form holding `token` was shown; None if it is not ours."""
    found = read_token(token)
    if found is None or found[1] is None:
        return None
    return now() - found[0]


def distinct(value):
    """Checkboxes and multiple selects keep each choice once: a post repeating a
    valid choice thousands of times stores it once."""
    return list(dict.fromkeys(value)) if isinstance(value, list) else value


class StartedInput(forms.HiddenInput):
    """Keeps the moment the visitor first saw the form across corrections; a
    missing, forged or expired token is replaced by a fresh one."""

    def format_value(self, value):
        age = token_age(value)
        if age is None or age > max_form_age():
            return started_token()
        return value


class ContactForm(BaseForm):
    """The base of every form ContactFormBuilder makes."""

    honeypot_name = HONEYPOT_NAMES[0]

    def __init__(self, *args, client_ip: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # None when the form is built outside a visitor's request (admin preview).
        self.client_ip = client_ip
        self.is_spam = False

    def visitor_fields(self) -> list:
        """The fields people fill in: the visible ones except the honeypot."""
        return [
            field for field in self.visible_fields() if field.name != self.honeypot_name
        ]

    def honeypot(self):
        return self[self.honeypot_name]

    @property
    def consent_text(self) -> str:
        """The consent label exactly as the visitor saw it, in their language."""
        return str(self.fields[CONSENT_FIELD].label)

    @property
    def marketing_consent(self) -> bool:
        return bool(self.cleaned_data.get(MARKETING_FIELD))

    @property
    def marketing_consent_text(self) -> str:
        """The marketing checkbox's label as the visitor saw it, ticked or not."""
        return str(self.fields[MARKETING_FIELD].label)

    def enquiry_data(self) -> dict:
        """What the visitor wrote: the cleaned data without our own fields."""
        ours = {self.honeypot_name, STARTED_FIELD, CONSENT_FIELD, MARKETING_FIELD}
        return {
            name: distinct(value)
            for name, value in self.cleaned_data.items()
            if name not in ours
        }

    def clean(self):
        cleaned_data = super().clean()
        if self._looks_automated():
            # Accepted as if valid: the bot sees the thank-you page, learns nothing
            # about what gave it away, and process_form_submission drops it.
            self.is_spam = True
            self._errors.clear()
            return cleaned_data
        if self.errors:
            return cleaned_data
        if token_age(self.data.get(STARTED_FIELD)) > max_form_age():
            raise ValidationError(
                _(
                    "This form was open for a long time. Please check your answers and "
                    "send it again."
                ),
                code="expired",
            )
        # Counted last, so a form sent back for corrections uses none of the quota.
        if self.client_ip and self._over_rate_limit():
            raise ValidationError(
                _(
                    "Too many messages have been sent from your connection in the last "
                    "few minutes. Please try again later, or call us."
                ),
                code="rate_limited",
            )
        return cleaned_data

    def token_use(self) -> tuple[str, datetime.datetime]:
        """The nonce of this valid form's token, and until when it must be
        remembered: after that, the token has expired anyway."""
        started, nonce = read_token(self.data.get(STARTED_FIELD))
        until = started + max_form_age() + 60  # a minute for the clock's jitter
        return nonce, datetime.datetime.fromtimestamp(until, tz=datetime.UTC)

    def _looks_automated(self) -> bool:
        if self.data.get(self.honeypot_name, "").strip():
            return True
        age = token_age(self.data.get(STARTED_FIELD))
        return age is None or age < min_fill_seconds()

    def _over_rate_limit(self) -> bool:
        sent = throttle.hit(
            "contact-form",
            self.client_ip,
            window=_setting("CONTACT_FORM_RATE_WINDOW", 10 * 60),
        )
        return sent > _setting("CONTACT_FORM_RATE_LIMIT", 5)


class ContactFormBuilder(FormBuilder):
    def __init__(self, fields, consent_label: str, marketing_label: str):
        super().__init__(fields)
        self.consent_label = consent_label
        self.marketing_label = marketing_label

    @staticmethod
    def limited(field_type: str, options: dict) -> dict:
        return {
            **options,
            "max_length": MAX_LENGTHS[field_type],
            "error_messages": {"max_length": TOO_LONG},
        }

    def create_singleline_field(self, field, options):
        return super().create_singleline_field(
            field, self.limited("singleline", options)
        )

    def create_multiline_field(self, field, options):
        return super().create_multiline_field(field, self.limited("multiline", options))

    def create_email_field(self, field, options):
        return super().create_email_field(field, self.limited("email", options))

    def create_url_field(self, field, options):
        return super().create_url_field(field, self.limited("url", options))

    def create_hidden_field(self, field, options):
        return super().create_hidden_field(field, self.limited("hidden", options))

    def create_number_field(self, field, options):
        return super().create_number_field(field, {**options, "max_digits": MAX_DIGITS})

    def get_form_class(self):
        formfields = self.formfields
        honeypot_name = next(name for name in HONEYPOT_NAMES if name not in formfields)
        attrs = {
            **formfields,
            honeypot_name: forms.CharField(
                label=_("Website"),
                required=False,
                widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
            ),
            STARTED_FIELD: forms.CharField(required=False, widget=StartedInput),
            CONSENT_FIELD: forms.BooleanField(
                label=self.consent_label,
                error_messages={
                    "required": _(
                        "Please tick this box so that we can reply to your enquiry."
                    )
                },
            ),
            # Never required, never ticked in advance.
            MARKETING_FIELD: forms.BooleanField(
                label=self.marketing_label, required=False, initial=False
            ),
            "honeypot_name": honeypot_name,
        }
        return type("ContactForm", (ContactForm,), attrs)


def default_consent_text() -> str:
    """The default consent text in the active language (for a page that has none)."""
    return gettext(DEFAULT_CONSENT_TEXT)


def default_marketing_consent_text() -> str:
    return gettext(DEFAULT_MARKETING_CONSENT_TEXT)


def notification_text(page) -> str:
    """The staff email: where to read the enquiry, never the enquiry itself (email
    crosses servers we do not control; health details stay behind the admin login)."""
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailforms:list_submissions", args=[page.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            gettext(
                "A new enquiry has arrived through the form on “%(page)s” "
                "(%(language)s)."
            )
            % {
                "page": page.title,
                "language": language_name(page.locale.language_code),
            },
            gettext(
                "To protect the sender's privacy, this email does not contain the "
                "enquiry. Read it in the admin (sign-in required):"
            ),
            url,
        ]
    return "\n\n".join(lines)
