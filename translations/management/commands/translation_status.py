"""Print every translation's status (as Reports → Translations status shows it).

    manage.py translation_status [--locale zh-hans] [--state outdated]
                                 [--fail-on missing,outdated]

One line per object and locale: type, source title, path (pages), locale, state,
progress. With --fail-on, exits 1 when a line is in one of those states (for CI).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from wagtail.models import Locale

from translations.status import State, translation_status

STATES = [state.value for state in State]


def states_list(value: str) -> set[str]:
    chosen = {name.strip() for name in value.split(",") if name.strip()}
    unknown = chosen - set(STATES)
    if unknown or not chosen:
        raise CommandError(
            f"--fail-on takes states among {', '.join(STATES)} "
            f"(comma-separated), not {value!r}."
        )
    return chosen


class Command(BaseCommand):
    help = "Print the translation status of every page and snippet; --fail-on for CI."

    def add_arguments(self, parser):
        parser.add_argument("--locale", help="a target language code, e.g. zh-hans")
        parser.add_argument("--state", choices=STATES, help="only rows in this state")
        parser.add_argument(
            "--fail-on",
            type=states_list,
            default=set(),
            metavar="STATES",
            help="exit 1 if any row is in one of these states, e.g. missing,outdated",
        )

    def handle(self, *args, locale=None, state=None, fail_on=(), **options):
        locales = None
        if locale:
            found = Locale.objects.filter(language_code=locale).first()
            if found is None or found == Locale.get_default():
                codes = Locale.objects.exclude(pk=Locale.get_default().pk)
                raise CommandError(
                    f"No target locale {locale!r}; there are: "
                    + ", ".join(codes.values_list("language_code", flat=True))
                )
            locales = [found]
        with translation.override("en"):
            rows = translation_status(locales)
            failing = [row for row in rows if row.state.value in fail_on]
            if state:
                rows = [row for row in rows if row.state.value == state]
            self.print_table(rows)
        self.stdout.write(f"{len(rows)} rows.")
        if failing:
            raise CommandError(
                f"{len(failing)} rows are {' or '.join(sorted(fail_on))}.", returncode=1
            )

    def print_table(self, rows) -> None:
        header = ("TYPE", "TITLE", "PATH", "LOCALE", "STATE", "PROGRESS")
        lines = [
            (
                row.type_name,
                row.title,
                row.path or "-",
                row.locale.language_code,
                row.state.value,
                row.progress or "-",
            )
            for row in rows
        ]
        widths = [
            max(len(str(cell)) for cell in column)
            for column in zip(header, *lines, strict=False)
        ]
        for line in (header, *lines):
            self.stdout.write(
                "  ".join(
                    str(cell).ljust(width)
                    for cell, width in zip(line, widths, strict=True)
                ).rstrip()
            )
