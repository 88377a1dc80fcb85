"""The embedded SQLite database under readers and writers at once (settings'
SQLITE_OPTIONS: WAL, IMMEDIATE transactions, a busy timeout; serving/database.py
retries a write that still finds the database locked).

Each connection here is Django's own SQLite backend on a file of its own, as every
gunicorn thread has one; the loops are bounded in count, not time.
"""

import logging
import threading

from django.conf import settings
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper

import pytest

from serving.database import retry_when_locked


@pytest.fixture(autouse=True)
def _own_database_files(django_db_blocker):
    """These tests open their own files, never the test database."""
    with django_db_blocker.unblock():
        yield


def connect(path, **options):
    wrapper = DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {**settings.SQLITE_OPTIONS, **options},
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        },
        alias=f"locking-{path.name}",
    )
    wrapper.ensure_connection()
    return wrapper


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "site.sqlite3"
    setup = connect(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE page (id INTEGER PRIMARY KEY, title TEXT)")
        cursor.execute("INSERT INTO page (title) VALUES ('Home')")
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
    setup.close()
    return path


def test_every_connection_retries_a_locked_write(database):
    connection = connect(database)
    assert retry_when_locked in connection.execute_wrappers
    connection.close()


def test_a_write_that_finds_the_database_locked_is_tried_again(database, caplog):
    holder = connect(database)
    # A writer that waits only 50 ms for the lock, so that it meets it.
    writer = connect(database, timeout=0.05)
    holder_cursor = holder.cursor()
    holder_cursor.execute("BEGIN IMMEDIATE")
    holder_cursor.execute("UPDATE page SET title = 'Publishing'")
    release = threading.Timer(0.15, holder_cursor.execute, args=["COMMIT"])
    release.start()
    caplog.set_level(logging.WARNING, logger="serving.database")
    with writer.cursor() as cursor:
        cursor.execute("BEGIN IMMEDIATE")  # how Django opens every transaction
        cursor.execute("INSERT INTO page (title) VALUES ('Enquiry')")
        cursor.execute("COMMIT")
    release.join()
    assert "SQLite was locked" in caplog.text
    with writer.cursor() as cursor:
        cursor.execute("SELECT title FROM page ORDER BY id")
        assert [title for (title,) in cursor.fetchall()] == ["Publishing", "Enquiry"]
    holder.close()
    writer.close()


def test_a_statement_inside_a_transaction_is_not_sent_twice(database):
    """Only BEGIN and autocommit statements are safe to repeat."""
    holder = connect(database)
    writer = connect(database, timeout=0.01, transaction_mode=None)
    with holder.cursor() as cursor:
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute("UPDATE page SET title = 'Publishing'")
        writer.set_autocommit(False)  # a DEFERRED transaction, as without the setting
        with pytest.raises(OperationalError, match="locked"):
            writer.cursor().execute("UPDATE page SET title = 'Lost'")
        cursor.execute("COMMIT")
    writer.rollback()
    holder.close()
    writer.close()


def test_readers_and_a_publishing_marketer_at_once(database):
    """Eight readers and two writers (a marketer publishing, a patient's enquiry),
    each on its own connection: no reader waits on a writer, no write fails."""
    failures = []

    def reader():
        connection = connect(database)
        try:
            for _ in range(300):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*), max(title) FROM page")
                    cursor.fetchone()
        except OperationalError as error:
            failures.append(f"reader: {error}")
        finally:
            connection.close()

    def writer(name):
        connection = connect(database)
        try:
            for number in range(60):
                with connection.cursor() as cursor:
                    cursor.execute("BEGIN IMMEDIATE")
                    cursor.execute("SELECT max(id) FROM page")
                    cursor.fetchone()
                    cursor.execute(
                        "INSERT INTO page (title) VALUES (%s)", [f"{name} {number}"]
                    )
                    cursor.execute("COMMIT")
        except OperationalError as error:
            failures.append(f"{name}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(8)]
    threads += [threading.Thread(target=writer, args=(n,)) for n in ("mk", "pt")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    check = connect(database)
    with check.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM page")
        assert cursor.fetchone() == (121,)
    check.close()
