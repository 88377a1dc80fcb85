"""The weekly email to each medical reviewer: the reviews due in the next 30 days
(overdue first) of the articles they may edit, each with its editor's link."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext, ngettext

from blog import review
from staff.roles import MEDICAL_REVIEWERS

logger = logging.getLogger(__name__)


def reviewers():
    """Active members of Medical reviewers who have an email address."""
    return (
        get_user_model()
        .objects.filter(groups__name=MEDICAL_REVIEWERS, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )


def status(state: review.ReviewState) -> str:
    if state.pending:
        return gettext("reviewed %(date)s, waiting to be published") % {
            "date": formats.date_format(state.pending)
        }
    if state.last_reviewed is None:
        return gettext("never reviewed")
    if state.overdue:
        return ngettext(
            "overdue by %(days)d day", "overdue by %(days)d days", state.days_overdue
        ) % {"days": state.days_overdue}
    return gettext("due %(date)s") % {"date": formats.date_format(state.next_due)}


def digest_text(rows) -> tuple[str, str]:
    """(subject, body) in the site's language, as the other staff emails."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Medical review: %(count)d article due",
            "Medical review: %(count)d articles due",
            len(rows),
        ) % {"count": len(rows)}
        lines = [
            gettext(
                "Articles whose medical review is due in the next %(days)d days, "
                "overdue first:"
            )
            % {"days": review.DUE_SOON_DAYS},
            "",
        ]
        for article, state in rows:
            lines.append(
                f"- {article.title} ({article.locale.get_display_name()}): "
                f"{status(state)}"
            )
            lines.append(
                f"  {base}{reverse('wagtailadmin_pages:edit', args=[article.pk])}"
            )
        lines += [
            "",
            gettext("Open an article and choose “Mark as reviewed” once reviewed."),
        ]
    return subject, "\n".join(lines)


def send_digests() -> tuple[int, int]:
    """Email every reviewer with something due; (emails sent, failed)."""
    default = review.default_interval()
    sent = failed = 0
    for user in reviewers():
        rows = review.due_soon(user, default=default)
        if not rows:
            continue
        subject, body = digest_text(rows)
        try:
            send_mail(subject, body, None, [user.email])
        except OSError:
            logger.exception("Could not email the review digest to user %s", user.pk)
            failed += 1
        else:
            sent += 1
    return sent, failed
