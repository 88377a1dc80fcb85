"""Patients' PDPA requests: find their enquiries, export them, delete them, log it.

Enquiries are found in every stored ContactSubmission, whichever language's
contact page took them, by any answer that is the requester's email address (case
ignored) or phone number (digits only; "+65 9123 4567", "6591234567" and
"9123-4567" are one number). The site's enquiries are few and short-lived
(retention), so each request reads them all rather than keeping an index of
personal data.

Every step is a Wagtail log entry (`enquiries.request.*`, shown in Reports → Site
history) naming who, when and the submissions' ids; never what they say.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter, log
from wagtail.models import Site

from enquiries.models import ContactSubmission, DataRequest

#: Singapore's country code: a local number is stored with or without it.
COUNTRY_CODE = "65"
LOCAL_NUMBER_DIGITS = 8
PHONE_LIKE = re.compile(r"^[\d\s+().\-/]+$")

#: The log actions of a request, in the order they usually happen.
ACTIONS = {
    "enquiries.request.recorded": (
        _("Record a data request"),
        _("Data request recorded"),
    ),
    "enquiries.request.identity_checked": (
        _("Record an identity check"),
        _("Requester's identity check recorded"),
    ),
    "enquiries.request.exported": (
        _("Export enquiries for a data request"),
        _("Enquiries exported for the requester"),
    ),
    "enquiries.request.deleted": (
        _("Delete enquiries for a data request"),
        _("Enquiries deleted on the requester's withdrawal"),
    ),
    "enquiries.request.closed": (_("Close a data request"), _("Data request closed")),
}


class DataRequestLogFormatter(LogFormatter):
    """Site history names the enquiries a step found or touched, by id."""

    def format_message(self, log_entry):
        ids = (log_entry.data or {}).get("submission_ids")
        if not ids:
            return self.message
        return ngettext(
            "%(message)s (enquiry %(ids)s)", "%(message)s (enquiries %(ids)s)", len(ids)
        ) % {"message": self.message, "ids": ", ".join(str(pk) for pk in ids)}


def register_log_actions(registry) -> None:
    for action, (label, message) in ACTIONS.items():
        formatter = type(
            "DataRequestStepFormatter",
            (DataRequestLogFormatter,),
            {"label": label, "message": message},
        )
        registry.register_action(action)(formatter)


def normalise_email(value) -> str:
    return value.strip().casefold() if isinstance(value, str) else ""


def normalise_phone(value) -> str:
    """The number's digits, without Singapore's country code; "" if `value` is not
    a phone number (a message that happens to hold digits is not)."""
    if not isinstance(value, str) or not PHONE_LIKE.match(value.strip()):
        return ""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("00"):  # 0065…: the international prefix
        digits = digits[2:]
    if (
        digits.startswith(COUNTRY_CODE)
        and len(digits) == len(COUNTRY_CODE) + LOCAL_NUMBER_DIGITS
    ):
        digits = digits[len(COUNTRY_CODE) :]
    return digits if len(digits) >= LOCAL_NUMBER_DIGITS else ""


def _answers(submission: ContactSubmission) -> Iterable[str]:
    for value in submission.form_data.values():
        if isinstance(value, list):
            yield from (item for item in value if isinstance(item, str))
        elif isinstance(value, str):
            yield value


@dataclass
class Match:
    submission: ContactSubmission
    by_email: bool
    by_phone: bool


def find_enquiries(data_request: DataRequest) -> list[Match]:
    """Every stored enquiry from the requester, in both languages, oldest first."""
    email = normalise_email(data_request.email)
    phone = normalise_phone(data_request.phone)
    if not (email or phone):
        return []
    matches = []
    submissions = ContactSubmission.objects.select_related(
        "page", "page__locale"
    ).order_by("submit_time", "pk")
    for submission in submissions.iterator(chunk_size=500):
        answers = list(_answers(submission))
        by_email = bool(email) and any(normalise_email(a) == email for a in answers)
        by_phone = bool(phone) and any(normalise_phone(a) == phone for a in answers)
        if by_email or by_phone:
            matches.append(Match(submission, by_email, by_phone))
    return matches


def submission_ids(matches: Iterable[Match]) -> list[int]:
    return [match.submission.pk for match in matches]


def log_step(data_request: DataRequest, action: str, user, **data) -> None:
    """One audit entry; `data` holds the enquiries' ids (those found at that step,
    or exported, or deleted), never what was written or who wrote it."""
    log(instance=data_request, action=action, user=user, data=data)


# --- The steps ----------------------------------------------------------------------


def record_identity_check(data_request: DataRequest, how: str, user) -> None:
    data_request.identity_check = how.strip()
    data_request.identity_checked_by = user
    data_request.identity_checked_at = timezone.now()
    with transaction.atomic():
        data_request.save(
            update_fields=[
                "identity_check",
                "identity_checked_by",
                "identity_checked_at",
            ]
        )
        log_step(
            data_request,
            "enquiries.request.identity_checked",
            user,
            submission_ids=submission_ids(find_enquiries(data_request)),
        )


def _fields_of(submission: ContactSubmission) -> list[tuple[str, str]]:
    """(label, answer) for every field of the submission, in the form's order, with
    the form's own labels (the Chinese form's in Chinese); answers to fields the
    form no longer has are kept under their stored names."""
    page = submission.page.specific
    data = submission.get_data()
    labels = dict(page.get_data_fields())
    names = [name for name in labels if name in data]
    names += [name for name in data if name not in labels]
    rows = []
    for name in names:
        value = data[name]
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif name == "submit_time":
            value = f"{timezone.localtime(value):%Y-%m-%d %H:%M} ({settings.TIME_ZONE})"
        rows.append((str(labels.get(name, name)), "" if value is None else str(value)))
    return rows


def _clinic_name() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return (site and site.site_name) or ""


def export_text(data_request: DataRequest, matches: list[Match]) -> str:
    """The file given to the requester: every field of each enquiry and the consent
    text they agreed to, as UTF-8 text any device opens, in their language."""
    rule = "-" * 60
    with translation.override(data_request.language):
        lines = [
            gettext("Your personal data held by the clinic's website"),
            _clinic_name(),
            "=" * 60,
            gettext(
                "Prepared on %(today)s for %(name)s, in answer to request "
                "%(number)s received on %(received)s."
            )
            % {
                "today": f"{timezone.localdate():%Y-%m-%d}",
                "name": data_request.requester_name,
                "number": data_request.pk,
                "received": f"{data_request.received_on:%Y-%m-%d}",
            },
            ngettext(
                "The website holds %(count)s enquiry from you. It is below with every "
                "answer you gave and the consent text you agreed to, as you saw it.",
                "The website holds %(count)s enquiries from you. Each is below with "
                "every answer you gave and the consent text you agreed to, as you "
                "saw it.",
                len(matches),
            )
            % {"count": len(matches)},
        ]
        for number, match in enumerate(matches, start=1):
            submission = match.submission
            lines += [
                "",
                rule,
                gettext("Enquiry %(number)s of %(total)s")
                % {"number": number, "total": len(matches)},
                rule,
                f"{gettext('Reference')}: {submission.pk}",
                f"{gettext('Form')}: {submission.page.title} "
                f"({submission.page.locale.get_display_name()})",
            ]
            for label, value in _fields_of(submission):
                lines.append(f"{label}:")
                lines += [f"    {line}" for line in value.splitlines() or [""]]
        lines.append("")
    return "\n".join(lines)


def export_filename(data_request: DataRequest) -> str:
    return f"personal-data-request-{data_request.pk}.txt"


def log_export(data_request: DataRequest, matches: list[Match], user) -> None:
    log_step(
        data_request,
        "enquiries.request.exported",
        user,
        submission_ids=submission_ids(matches),
    )


def delete_enquiries(data_request: DataRequest, ids: Iterable[int], user) -> list[int]:
    """Delete those of `ids` that are still the requester's enquiries; return them.
    Ids confirmed on the previous screen only: an enquiry sent since is not
    deleted unseen."""
    wanted = {int(pk) for pk in ids}
    with transaction.atomic():
        found = [
            pk for pk in submission_ids(find_enquiries(data_request)) if pk in wanted
        ]
        ContactSubmission.objects.filter(pk__in=found).delete()
        log_step(data_request, "enquiries.request.deleted", user, submission_ids=found)
    return found


def close(data_request: DataRequest, user) -> None:
    data_request.status = DataRequest.Status.CLOSED
    data_request.closed_at = timezone.now()
    with transaction.atomic():
        data_request.save(update_fields=["status", "closed_at"])
        log_step(
            data_request,
            "enquiries.request.closed",
            user,
            submission_ids=submission_ids(find_enquiries(data_request)),
        )


def open_requests():
    """Open requests, the nearest deadline (or the longest overdue) first."""
    return DataRequest.objects.filter(status=DataRequest.Status.OPEN).order_by(
        "received_on", "pk"
    )
