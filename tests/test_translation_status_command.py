"""`manage.py translation_status`: the report's table for scripts and CI."""

import io

from django.core.management import CommandError, call_command

import pytest

from tests.factories import StandardPageFactory
from tests.i18n_utils import translate_fully


def run(*args) -> str:
    out = io.StringIO()
    call_command("translation_status", *args, stdout=out)
    return out.getvalue()


def test_the_demo_site_is_fully_translated(db, capsys):
    call_command("load_demo_content")
    capsys.readouterr()
    table = run("--locale", "zh-hans", "--fail-on", "missing,outdated")
    print(table)  # noqa: T201 - the demo's status table, for the record
    lines = table.splitlines()
    assert lines[0].split() == ["TYPE", "TITLE", "PATH", "LOCALE", "STATE", "PROGRESS"]
    rows = lines[1:-1]
    assert len(rows) > 30
    assert all(" up-to-date " in row for row in rows), rows
    assert any(row.startswith("Article ") for row in rows)
    assert any(row.startswith("Category ") for row in rows)


@pytest.fixture
def site(home, zh):
    translate_fully(home, zh)
    StandardPageFactory(parent=home, title="Fees", slug="fees")
    return home


def test_states_filter_and_fail_on(site):
    missing = run("--state", "missing")
    assert "Fees" in missing and "/fees/" in missing and "Home" not in missing
    assert "Home" in run("--state", "up-to-date")
    # Home (translated), Fees and the site text (created with the site) missing
    assert run("--fail-on", "outdated,in-progress").endswith("3 rows.\n")
    with pytest.raises(CommandError, match="2 rows are missing") as failed:
        run("--fail-on", "missing")
    assert failed.value.returncode == 1


@pytest.mark.parametrize(
    "args",
    [
        ("--locale", "en"),
        ("--locale", "xx"),
        ("--fail-on", "broken"),
        ("--fail-on", ","),
        ("--state", "stale"),
    ],
)
def test_bad_arguments_are_refused_clearly(site, args):
    with pytest.raises(CommandError):
        run(*args)
