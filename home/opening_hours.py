"""Opening hours: one structured source, shown in the header, footer and contact page.

Marketers enter rows such as "Mon–Fri 09:00–21:00"; any weekday in no row is
closed. `summarise()` turns the rows into display lines with weekday names in the
active language, for the footer and the contact page; the header says today's
hours (home/special_hours.py, which also holds the holidays).
"""

from dataclasses import dataclass
from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks

WEEKDAY_CHOICES = [(str(day), name) for day, name in WEEKDAYS.items()]


class OpeningHoursBlock(blocks.StructBlock):
    days = blocks.MultipleChoiceBlock(
        label=gettext_lazy("Days"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    opens = blocks.TimeBlock(label=gettext_lazy("Opens"))
    closes = blocks.TimeBlock(label=gettext_lazy("Closes"))

    def clean(self, value):
        value = super().clean(value)
        if value["opens"] and value["closes"] and value["opens"] >= value["closes"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "closes": ValidationError(
                        gettext_lazy("Closing time must be after opening time.")
                    )
                }
            )
        return value

    class Meta:
        icon = "time"
        label = gettext_lazy("Opening hours")


class OpeningHoursStreamBlock(blocks.StreamBlock):
    hours = OpeningHoursBlock()

    def clean(self, value):
        value = super().clean(value)
        seen: set[str] = set()
        for child in value:
            repeated = seen.intersection(child.value["days"])
            if repeated:
                day = WEEKDAYS[int(sorted(repeated)[0])]
                raise blocks.StreamBlockValidationError(
                    non_block_errors=ValidationError(
                        gettext_lazy("%(day)s appears in more than one row.")
                        % {"day": day}
                    )
                )
            seen.update(child.value["days"])
        return value


@dataclass(frozen=True)
class HoursLine:
    """One display line: a run of weekdays and their hours (or closed)."""

    days: tuple[int, ...]
    opens: time | None
    closes: time | None

    @property
    def is_closed(self) -> bool:
        return self.opens is None

    def day_label(self) -> str:
        first, last = str(WEEKDAYS[self.days[0]]), str(WEEKDAYS[self.days[-1]])
        if len(self.days) == 1:
            return first
        if len(self.days) == 2:
            return _("%(first)s and %(last)s") % {"first": first, "last": last}
        return _("%(first)s – %(last)s") % {"first": first, "last": last}

    def hours_label(self) -> str:
        if self.is_closed:
            return _("Closed")
        return f"{time_format(self.opens, 'H:i')} – {time_format(self.closes, 'H:i')}"


def day_hours(rows) -> dict[int, tuple[time, time]]:
    """Weekday (0 = Monday) -> (opens, closes) from the setting's rows."""
    hours = {}
    for row in rows:
        for day in row.value["days"]:
            hours[int(day)] = (row.value["opens"], row.value["closes"])
    return hours


def summarise(rows) -> list[HoursLine]:
    """Group consecutive weekdays with the same hours into display lines."""
    hours = day_hours(rows)
    if not hours:
        return []  # nothing entered yet: show nothing rather than "closed all week"
    lines: list[HoursLine] = []
    for day in range(7):
        opens, closes = hours.get(day, (None, None))
        previous = lines[-1] if lines else None
        if (
            previous
            and previous.days[-1] == day - 1
            and (previous.opens, previous.closes) == (opens, closes)
        ):
            lines[-1] = HoursLine(previous.days + (day,), opens, closes)
        else:
            lines.append(HoursLine((day,), opens, closes))
    return lines
