"""The daily retention job: enquiries and backup archives older than the retention
period are deleted, each run is recorded for the admin, and deploy/ ships the
systemd timer and the cron line that run it."""

import datetime
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from enquiries.models import ContactSubmission, RetentionRun
from tests.factories import ContactPageFactory

DEPLOY = Path(settings.BASE_DIR) / "deploy"
SERVICE = DEPLOY / "systemd" / "clinic-retention.service"
TIMER = DEPLOY / "systemd" / "clinic-retention.timer"
CRON = DEPLOY / "cron" / "clinic-retention"


def submission(page, days_ago: float) -> ContactSubmission:
    made = ContactSubmission.objects.create(
        page=page, form_data={"message": "x"}, consent_text="ok"
    )
    ContactSubmission.objects.filter(pk=made.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return made


def archive_name(days_ago: float, label="clinic-backup", suffix=".tar.gz.enc") -> str:
    written = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=days_ago)
    return f"{label}-{written:%Y%m%d-%H%M%S-%f}{suffix}"


@pytest.fixture
def backup_dir(settings, tmp_path) -> Path:
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_DIR.mkdir()
    return settings.BACKUP_DIR


@pytest.fixture
def media_test(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_purge_submissions_records_each_run(home, capsys):
    page = ContactPageFactory(parent=home)
    submission(page, 400)
    submission(page, 10)

    call_command("purge_submissions", "--older-than", "365", "--dry-run")
    call_command("purge_submissions", "--older-than", "365")

    dry, real = RetentionRun.objects.order_by("ran_at", "pk")
    assert (dry.task, dry.removed, dry.dry_run, dry.older_than_days) == (
        "submissions",
        1,
        True,
        365,
    )
    assert (real.removed, real.dry_run) == (1, False)
    assert ContactSubmission.objects.count() == 1


def test_purge_backups_deletes_only_archives_older_than_the_period(
    db, backup_dir, capsys
):
    old = [
        archive_name(400),
        archive_name(366, suffix=".tar.gz"),
        archive_name(500, label="pre-restore-backup"),
        archive_name(380, suffix=".tar.gz.enc.partial"),
    ]
    kept = [
        archive_name(10),
        archive_name(364, suffix=".tar.gz"),
        "notes-from-2020.txt",  # not ours: never touched, however old
        "clinic-backup-latest.tar.gz",
    ]
    for name in old + kept:
        (backup_dir / name).write_bytes(b"archive")

    call_command("purge_backups", "--older-than", "365", "--dry-run")
    assert len(list(backup_dir.iterdir())) == len(old) + len(kept)
    assert "Would delete 4 backup archive(s)" in capsys.readouterr().out

    call_command("purge_backups", "--older-than", "365")
    assert sorted(p.name for p in backup_dir.iterdir()) == sorted(kept)
    assert "Deleted 4 backup archive(s)" in capsys.readouterr().out
    runs = RetentionRun.objects.filter(task="backups").order_by("ran_at", "pk")
    assert [(r.removed, r.dry_run) for r in runs] == [(4, True), (4, False)]


# Outside a transaction, as `make backup` runs (tools/backup.py refuses inside).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_purge_backups_keeps_a_fresh_real_archive(backup_dir, media_test):
    call_command("backup")
    call_command("purge_backups", "--older-than", "1")
    assert len(list(backup_dir.glob("clinic-backup-*"))) == 1


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's backup API; PostgreSQL's pg_dump reads a snapshot by itself",
)
def test_a_backup_inside_a_transaction_is_refused_not_hung(db, backup_dir, media_test):
    # SQLite's backup API would wait forever for the write lock this holds.
    with pytest.raises(CommandError, match="inside a database transaction"):
        call_command("backup")
    assert list(backup_dir.glob("clinic-backup-*")) == []


# --- What deploy/ ships ---------------------------------------------------------------


def unit(path: Path) -> dict[str, list[str]]:
    """A systemd unit's settings as {"Section.Key": [values]}: keys may repeat
    (two ExecStart= lines run one after the other)."""
    values: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text().splitlines():
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values.setdefault(f"{section}.{key}", []).append(value)
    return values


def manage_commands(command_line: str, days: str) -> list[list[str]]:
    """The `manage.py …` invocations in a shell line, with the period filled in."""
    line = command_line.replace("${RETENTION_DAYS}", days).replace(
        '"$RETENTION_DAYS"', days
    )
    found = re.findall(r"manage\.py ([^;&|}]+)", line)
    return [shlex.split(args) for args in found]


def test_the_systemd_timer_runs_the_job_daily_even_after_a_missed_day():
    timer = unit(TIMER)
    assert timer["Timer.OnCalendar"] == ["*-*-* 03:30:00"]
    assert timer["Timer.Persistent"] == ["true"]
    assert timer["Timer.Unit"] == ["clinic-retention.service"]
    assert timer["Install.WantedBy"] == ["timers.target"]


def test_the_systemd_service_purges_enquiries_then_backups_with_one_period(
    home, backup_dir
):
    service = unit(SERVICE)
    assert service["Service.Type"] == ["oneshot"]
    assert service["Service.Environment"][0].endswith("settings.production")
    (days,) = [
        v.split("=", 1)[1]
        for v in service["Service.Environment"]
        if v.startswith("RETENTION_DAYS=")
    ]
    commands = [
        command
        for line in service["Service.ExecStart"]
        for command in manage_commands(line, days)
    ]
    assert commands == [
        ["purge_submissions", "--older-than", days],
        ["purge_backups", "--older-than", days],
    ]
    # The commands as written run.
    page = ContactPageFactory(parent=home)
    submission(page, int(days) + 1)
    (backup_dir / archive_name(int(days) + 1)).write_bytes(b"x")
    for command in commands:
        call_command(*command)
    assert not ContactSubmission.objects.exists()
    assert not list(backup_dir.iterdir())
    assert {r.task for r in RetentionRun.objects.all()} == {"submissions", "backups"}


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd")
def test_the_systemd_units_are_valid(tmp_path):
    # The installed paths (/srv/clinic, /etc/clinic/env, user clinic) are the
    # server's; here they point at this machine's Python and root.
    service = (
        SERVICE.read_text()
        .replace("/srv/clinic/.venv/bin/python", shutil.which("python3"))
        .replace("EnvironmentFile=/etc", "EnvironmentFile=-/etc")
        .replace("=clinic\n", "=root\n")
    )
    (tmp_path / SERVICE.name).write_text(service)
    shutil.copy(TIMER, tmp_path / TIMER.name)
    result = subprocess.run(  # noqa: S603 - systemd's own checker on our files
        [
            shutil.which("systemd-analyze"),
            "verify",
            str(tmp_path / TIMER.name),
            str(tmp_path / SERVICE.name),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_cron_line_runs_the_same_job_daily(home, backup_dir):
    lines = [
        line
        for line in CRON.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    variables = dict(line.split("=", 1) for line in lines if re.match(r"^\w+=", line))
    assert variables["DJANGO_SETTINGS_MODULE"] == "site_config.settings.production"
    (job,) = [line for line in lines if not re.match(r"^\w+=", line)]
    minute, hour, day, month, weekday, user, command = job.split(None, 6)
    assert (day, month, weekday) == ("*", "*", "*")
    assert minute.isdigit() and hour.isdigit()
    assert user == "clinic"
    days = variables["RETENTION_DAYS"]
    assert manage_commands(command, days) == [
        ["purge_submissions", "--older-than", days],
        ["purge_backups", "--older-than", days],
    ]
