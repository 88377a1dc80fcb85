"""Special opening hours: dates or date ranges (public holidays, Chinese New Year)
on which the clinic is closed or keeps other hours than its weekly ones.

Site settings are not per language, so each entry holds its name twice, in
English and in Chinese; `SpecialDay.name_in()` picks the one for a language.
`today_line()` is the header's "Open today …" / "Closed today — …" text, and
`browser_schedule()` the data from which static/js/opening-hours.js works the
same text out again in the visitor's browser, on a page cached days earlier.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks

from home.opening_hours import day_hours

# How far ahead the header's schedule and the contact page's list look: longer
# than any cached copy of a page lives.
UPCOMING_DAYS = 60


class SpecialHoursBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("In English, for example: Chinese New Year"),
    )
    name_zh = blocks.CharBlock(
        label=gettext_lazy("Chinese name"),
        max_length=80,
        required=False,
        help_text=gettext_lazy(
            "For example: 春节. Left blank, Chinese pages show the English name."
        ),
    )
    start_date = blocks.DateBlock(label=gettext_lazy("Date"))
    end_date = blocks.DateBlock(
        label=gettext_lazy("Until"),
        required=False,
        help_text=gettext_lazy("For several days: the last day. Blank: one day."),
    )
    opens = blocks.TimeBlock(
        label=gettext_lazy("Opens"),
        required=False,
        help_text=gettext_lazy("Leave both times blank if the clinic is closed."),
    )
    closes = blocks.TimeBlock(label=gettext_lazy("Closes"), required=False)

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        start, end = value["start_date"], value["end_date"]
        if start and end and end < start:
            errors["end_date"] = ValidationError(
                gettext_lazy("The last day cannot be before the first day.")
            )
        opens, closes = value["opens"], value["closes"]
        if (opens is None) != (closes is None):
            missing = "closes" if closes is None else "opens"
            errors[missing] = ValidationError(
                gettext_lazy(
                    "Give both the opening and the closing time, "
                    "or neither if the clinic is closed."
                )
            )
        elif opens is not None and opens >= closes:
            errors["closes"] = ValidationError(
                gettext_lazy("Closing time must be after opening time.")
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "date"
        label = gettext_lazy("Special day or days")


class SpecialHoursStreamBlock(blocks.StreamBlock):
    day = SpecialHoursBlock()

    def clean(self, value):
        value = super().clean(value)
        days = special_days(value)
        for earlier, later in zip(days, days[1:], strict=False):
            if later.start <= earlier.end:
                raise blocks.StreamBlockValidationError(
                    non_block_errors=ValidationError(
                        gettext_lazy(
                            "“%(first)s” and “%(second)s” share a day: "
                            "a day can have only one set of special hours."
                        )
                        % {"first": earlier.name, "second": later.name}
                    )
                )
        return value


@dataclass(frozen=True)
class SpecialDay:
    """One entry of the special hours: closed when `opens` is None."""

    name: str
    name_zh: str
    start: date
    end: date
    opens: time | None
    closes: time | None

    @property
    def is_closed(self) -> bool:
        return self.opens is None

    def name_in(self, language: str) -> str:
        if language.lower().startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name

    def hours_label(self) -> str:
        if self.is_closed:
            return _("Closed")
        return hours_label(self.opens, self.closes)


def hours_label(opens: time, closes: time) -> str:
    return f"{time_format(opens, 'H:i')} – {time_format(closes, 'H:i')}"


def clinic_today() -> date:
    """Today in the clinic's time zone (settings.TIME_ZONE, Asia/Singapore)."""
    return timezone.localdate()


def special_days(rows) -> list[SpecialDay]:
    """The setting's entries, in date order."""
    days = [
        SpecialDay(
            name=row.value["name"],
            name_zh=row.value["name_zh"],
            start=row.value["start_date"],
            end=row.value["end_date"] or row.value["start_date"],
            opens=row.value["opens"],
            closes=row.value["closes"],
        )
        for row in rows
    ]
    return sorted(days, key=lambda day: (day.start, day.end))


def upcoming(rows, today: date, days: int | None = UPCOMING_DAYS) -> list[SpecialDay]:
    """Entries not over by `today` that start within `days` of it (None: any)."""
    last = today + timedelta(days=days) if days is not None else date.max
    return [day for day in special_days(rows) if day.end >= today and day.start <= last]


def on(rows, day: date) -> SpecialDay | None:
    """The entry covering `day`, if any (the first, should entries overlap)."""
    return next((entry for entry in upcoming(rows, day, 0) if entry.start <= day), None)


def _texts() -> dict[str, str]:
    """The header's line in the active language; placeholders as in Python."""
    return {
        "open": _("Open today %(hours)s"),
        "open_special": _("Open today %(hours)s — %(name)s"),
        "closed": _("Closed today"),
        "closed_special": _("Closed today — %(name)s"),
    }


def today_line(weekly_rows, special_rows, language: str, today: date) -> str:
    """ "Open today 09:00 – 21:00", "Closed today — Chinese New Year"… ("" when no
    weekly hours are entered: nothing to say)."""
    weekly = day_hours(weekly_rows)
    if not weekly:
        return ""
    texts = _texts()
    special = on(special_rows, today)
    if special is not None:
        name = special.name_in(language)
        if special.is_closed:
            return texts["closed_special"] % {"name": name}
        hours = hours_label(special.opens, special.closes)
        return texts["open_special"] % {"hours": hours, "name": name}
    if today.weekday() not in weekly:
        return texts["closed"]
    return texts["open"] % {"hours": hours_label(*weekly[today.weekday()])}


def browser_schedule(weekly_rows, special_rows, language: str, today: date) -> dict:
    """What the browser needs to say the header's line for any day of the coming
    weeks: weekly hours (0 = Monday), the special days with names in `language`,
    and the line's texts."""
    weekly = day_hours(weekly_rows)
    return {
        "timeZone": settings.TIME_ZONE,
        "weekly": {
            str(day): hours_label(opens, closes)
            for day, (opens, closes) in sorted(weekly.items())
        },
        "special": [
            {
                "start": day.start.isoformat(),
                "end": day.end.isoformat(),
                "name": day.name_in(language),
                "hours": None if day.is_closed else hours_label(day.opens, day.closes),
            }
            for day in upcoming(special_rows, today)
        ],
        "texts": _texts(),
    }
