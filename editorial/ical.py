"""The calendar as iCalendar text (RFC 5545), written out by hand: a VCALENDAR of
one VEVENT per entry. Text values are escaped (backslash, semicolon, comma,
newlines) and every line is folded at 75 octets without splitting a character."""

import datetime
import re
from collections.abc import Iterable

from django.utils import timezone

from editorial.entries import Entry

PRODID = "-//Clinic//Editorial calendar//EN"
# Control characters other than the newlines escaped below have no place in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_text(value: str) -> str:
    value = _CONTROL.sub("", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """`line` cut into pieces of at most 75 octets, each after the first starting
    with a space (RFC 5545 3.1)."""
    pieces, current, size = [], [], 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # the leading space takes one octet
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event(entry: Entry, summary: str, url: str, host: str, stamp: str) -> list[str]:
    uid = f"{entry.kind}-{entry.page_id}-{entry.day:%Y%m%d}@{host}"
    if entry.at is not None:
        start = [f"DTSTART:{_utc(entry.at)}"]
    else:
        end = entry.day + datetime.timedelta(days=1)
        start = [
            f"DTSTART;VALUE=DATE:{entry.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        ]
    return [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{stamp}",
        *start,
        f"SUMMARY:{escape_text(summary)}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def calendar(name: str, events: Iterable[list[str]]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for lines_of_event in events:
        lines += lines_of_event
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def now_stamp() -> str:
    return _utc(timezone.now())
