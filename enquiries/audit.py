"""The audit trail of who saw, exported or deleted which enquiries.

Each view of the submissions list, each CSV/XLSX export and each deletion is a
Wagtail log entry on the contact page (Reports → Site history, and the page's
history) whose data names the submissions by id, their count and the page: never
what a patient wrote.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.log_actions import LogFormatter, log

VIEW = "enquiries.view"
EXPORT = "enquiries.export"
DELETE = "enquiries.delete"


def log_access(action: str, page, user, ids: list[int], **details) -> None:
    log(
        instance=page,
        action=action,
        user=user,
        data={
            "page": {
                "id": page.pk,
                "title": page.title,
                "locale": page.locale.language_code,
            },
            "submissions": {"ids": ids, "count": len(ids)},
            **details,
        },
    )


def _count(log_entry) -> int:
    return (log_entry.data or {}).get("submissions", {}).get("count", 0)


class ViewFormatter(LogFormatter):
    label = _("View enquiries")

    def format_message(self, log_entry):
        count = _count(log_entry)
        return ngettext(
            "Viewed %(count)d enquiry", "Viewed %(count)d enquiries", count
        ) % {"count": count}


class ExportFormatter(LogFormatter):
    label = _("Export enquiries")

    def format_message(self, log_entry):
        count = _count(log_entry)
        return ngettext(
            "Exported %(count)d enquiry as %(format)s",
            "Exported %(count)d enquiries as %(format)s",
            count,
        ) % {"count": count, "format": (log_entry.data or {}).get("format", "")}


class DeleteFormatter(LogFormatter):
    label = _("Delete enquiries")

    def format_message(self, log_entry):
        count = _count(log_entry)
        return ngettext(
            "Deleted %(count)d enquiry", "Deleted %(count)d enquiries", count
        ) % {"count": count}


FORMATTERS = {VIEW: ViewFormatter, EXPORT: ExportFormatter, DELETE: DeleteFormatter}
