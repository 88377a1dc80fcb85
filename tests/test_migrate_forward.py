"""A database made before the contact form's models moved from ``home`` to
``enquiries`` migrates forward with nothing lost.

tests/fixtures/db_before_enquiries_app.sqlite3.gz is the demo site as commit
f1687e5 made it, plus enquiries in both languages, permissions on the moved models,
a workflow in progress and more (tests/fixtures/build_db_before_enquiries_app.py
rebuilds it). Its manifest, db_before_enquiries_app.json, holds the facts
tests/migrate_forward_facts.py read from it then. Here a copy is migrated by
today's code, the same script reads the same facts with the models at their new
place, and each group of facts must match the manifest, ``home.contact…`` read as
``enquiries.contact…``.

Everything runs in subprocesses on a SQLite file of its own, so the test is the
same whichever database the suite uses. Run just these: ``pytest -m
migrate_forward``.
"""

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.migrate_forward

PROJECT = Path(__file__).resolve().parent.parent
FIXTURE = PROJECT / "tests" / "fixtures" / "db_before_enquiries_app.sqlite3.gz"
MANIFEST = PROJECT / "tests" / "fixtures" / "db_before_enquiries_app.json"
FACTS_SCRIPT = PROJECT / "tests" / "migrate_forward_facts.py"

MOVED_FROM = "home"
MOVED_TO = "enquiries"
MOVED_MODELS = ("contactpage", "contactformfield", "contactsubmission")
PERMISSION_ACTIONS = ("add", "change", "delete", "view")
# Settings that would point the subprocesses at shared services.
FOREIGN_ENV = (
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "REDIS_URL",
    "SEARCH_URL",
    "SEARCH_BACKEND",
    "SEARCH_INDEX",
    "FRONTEND_CACHE_URL",
    "MEDIA_ROOT",
)
TIMEOUT = 120

# home.contactpage -> enquiries.contactpage, home.view_contactpage -> enquiries.…
RELABEL = {
    f"{MOVED_FROM}.{name}": f"{MOVED_TO}.{name}"
    for model in MOVED_MODELS
    for name in (model, *(f"{action}_{model}" for action in PERMISSION_ACTIONS))
}


def relabel(value):
    """The manifest's facts with the moved models' labels at their new app (exact
    strings only: page text is never rewritten)."""
    if isinstance(value, dict):
        return {RELABEL.get(k, k): relabel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [relabel(item) for item in value]
    if isinstance(value, str):
        return RELABEL.get(value, value)
    return value


def run(command, env, cwd=PROJECT):
    return subprocess.run(  # noqa: S603 - our own scripts, fixed arguments
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.fixture(scope="module")
def manifest():
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def expected(manifest):
    return relabel(manifest["facts"])


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """The facts of the fixture database after ``manage.py migrate`` by this code."""
    tmp = tmp_path_factory.mktemp("migrate-forward")
    database = tmp / "db.sqlite3"
    with gzip.open(FIXTURE, "rb") as packed, database.open("wb") as out:
        shutil.copyfileobj(packed, out)
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="site_config.settings.test",
        MEDIA_ROOT=str(tmp / "media"),
        TMPDIR=str(tmp),  # the test settings' own media folder goes here too
    )

    migrate = run([sys.executable, "manage.py", "migrate", "--noinput"], env)
    if migrate.returncode:
        pytest.fail(
            f"manage.py migrate failed on the fixture database (exit "
            f"{migrate.returncode}):\n{migrate.stdout[-3000:]}\n{migrate.stderr[-6000:]}"
        )
    facts_file = tmp / "facts.json"
    command = [sys.executable, FACTS_SCRIPT, "--app-label", MOVED_TO, "--probes"]
    facts = run([*command, "--out", facts_file], env)
    if facts.returncode:
        pytest.fail(
            f"Reading the migrated database through the models of "
            f"'{MOVED_TO}' failed (exit {facts.returncode}):\n{facts.stderr[-6000:]}"
        )
    return json.loads(facts_file.read_text(encoding="utf-8"))


def errors(facts, where=""):
    """The facts the script could not read, and why."""
    if isinstance(facts, dict):
        if "ERROR" in facts:
            yield f"{where}: {facts['ERROR']}"
        for key, value in facts.items():
            yield from errors(value, f"{where}/{key}")
    elif isinstance(facts, list):
        for index, value in enumerate(facts):
            yield from errors(value, f"{where}/{index}")


def test_fixture_and_manifest_belong_together(manifest):
    raw = gzip.decompress(FIXTURE.read_bytes())
    assert hashlib.sha256(raw).hexdigest() == manifest["database"]["sqlite_sha256"]
    assert not list(errors(manifest["facts"]))
    assert manifest["facts"]["submissions"], "the fixture must hold enquiries"


def test_every_fact_reads_on_the_migrated_database(migrated):
    unreadable = list(errors(migrated))
    assert not unreadable, "\n".join(unreadable)


def test_contact_models_live_in_the_new_app_only(migrated, expected):
    assert migrated["content_types_of_contact_models"] == sorted(
        f"{MOVED_TO}.{model}" for model in MOVED_MODELS
    ), "content types left behind in (or missing from) the old app"
    assert (
        migrated["content_types_of_contact_models"]
        == (expected["content_types_of_contact_models"])
    )


def test_every_enquiry_survives_word_for_word(migrated, expected):
    assert migrated["submissions"] == expected["submissions"]


def test_contact_pages_stay_specific_contact_pages(migrated, expected):
    assert migrated["pages_by_type"] == expected["pages_by_type"]
    assert migrated["contact_pages"] == expected["contact_pages"]
    assert migrated["form_fields"] == expected["form_fields"]


def test_revisions_load_as_contact_pages(migrated, expected):
    # Also the content type id inside each revision's JSON, which publishing uses.
    assert migrated["revisions"] == expected["revisions"]


def test_translations_point_at_the_new_content_type(migrated, expected):
    assert migrated["translation_sources"] == expected["translation_sources"]


def test_history_workflows_promotions_and_redirects_survive(migrated, expected):
    for key in (
        "page_log_entries",
        "model_log_entries",
        "workflow_states",
        "search_promotions",
        "redirects",
    ):
        assert migrated[key] == expected[key], key


def test_permissions_move_with_their_holders(migrated, expected):
    assert set(expected["permissions"]) <= set(migrated["permissions"])
    for group, permissions in expected["group_permissions"].items():
        held = set(migrated["group_permissions"].get(group, []))
        assert set(permissions) <= held, group
    for user, permissions in expected["user_permissions"].items():
        now = migrated["user_permissions"][user]
        assert set(permissions["direct"]) <= set(now["direct"]), user
        assert set(permissions["has_perm"]) <= set(now["has_perm"]), user


def test_content_type_references_are_carried_over(migrated, expected):
    """Every column that points at a content type (the manifest lists them) points
    at the moved models as often as before. Permissions may only grow: a later
    migration can declare one (ContactPage's change_notification_addresses)."""
    for column, counts in expected["content_type_references"].items():
        found = migrated["content_type_references"].get(column) or {}
        if column == "auth_permission.content_type_id":
            assert set(found) == set(counts), column
            assert all(found[model] >= n for model, n in counts.items()), column
        else:
            assert found == counts, column


def test_no_rows_lost_anywhere(migrated, expected):
    lost = {
        model: (count, migrated["row_counts"].get(model))
        for model, count in expected["row_counts"].items()
        if migrated["row_counts"].get(model) != count
    }
    assert not lost, f"(rows before, rows after) by model: {lost}"


def test_site_works_on_the_migrated_data(migrated, expected):
    """Rendered pages, the admin's enquiry lists, a new enquiry, a translation sync."""
    assert migrated["probes"] == expected["probes"]
    assert all(r["status"] == 200 for r in migrated["probes"]["render"].values())
    assert migrated["probes"]["new_submission_id_after_existing"] is True
