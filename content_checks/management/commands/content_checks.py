"""Print every live page's content-check findings (as Reports → Content checks).

    manage.py content_checks [--fail-on blocking|warning] [--language en|zh-hans]
                             [--kind seo|readability|advertising]

One block per page: its path, language and title, then one line per finding
(severity, code, message, the words found, the fix). With --fail-on, exits 1 when
a finding at or above that severity exists (for scripts and CI).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from content_checks.findings import Kind, Severity
from content_checks.pages import live_pages, pages_with_findings

SEVERITIES = {severity.name.lower(): severity for severity in Severity}
KINDS = [Kind.SEO, Kind.READABILITY, Kind.ADVERTISING]


class Command(BaseCommand):
    help = "Print the content-check findings of every live page; --fail-on for CI."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fail-on",
            choices=["blocking", "warning"],
            help="exit 1 if a finding of this severity or worse exists",
        )
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES]
        )
        parser.add_argument("--kind", choices=KINDS)

    def handle(self, *args, fail_on=None, language=None, kind=None, **options):
        with translation.override("en"):
            results = pages_with_findings(live_pages(language), kind=kind)
            for result in results:
                self.print_page(result)
        count = sum(len(result.findings) for result in results)
        self.stdout.write(f"{count} findings on {len(results)} pages.")
        if fail_on:
            threshold = SEVERITIES[fail_on]
            failing = [
                finding
                for result in results
                for finding in result.findings
                if finding.severity >= threshold
            ]
            if failing:
                raise CommandError(
                    f"{len(failing)} findings are {fail_on} or worse.", returncode=1
                )

    def print_page(self, result) -> None:
        page = result.page
        self.stdout.write(f"{page.url_path} [{page.locale.language_code}] {page.title}")
        for finding in result.findings:
            line = f"  {finding.severity.name:<8} {finding.code}: {finding.message}"
            if finding.quote:
                line += f" | {finding.quote}"
            self.stdout.write(line)
            if finding.fix:
                self.stdout.write(f"           fix: {finding.fix} ({finding.rule})")
