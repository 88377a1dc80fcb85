"""SQLite: rebuild Wagtail's FTS5 table with the porter stemmer.

Wagtail creates `wagtailsearch_indexentry_fts` with FTS5's default tokenizer,
which does not stem: "injections" would not find "injection". PostgreSQL stems
through SEARCH_CONFIG = "english" (settings); this gives SQLite the same. The
porter tokenizer wraps unicode61 and leaves non-ASCII tokens (our Chinese
bigrams) alone. Wagtail's triggers on the index table name the FTS table and
keep working; existing rows are copied back. Other databases: nothing to do.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
COLUMNS = "autocomplete, body, title"


def _rebuild(schema_editor, tokenize: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
            [f"{TABLE}_fts"],
        )
        if cursor.fetchone() is None:  # SQLite built without FTS5: Wagtail falls back
            return
        cursor.execute(f"DROP TABLE {TABLE}_fts")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {TABLE}_fts USING fts5({COLUMNS}{tokenize})"
        )
        cursor.execute(
            f"INSERT INTO {TABLE}_fts(rowid, autocomplete, body, title) "  # noqa: S608
            f"SELECT id, autocomplete, body, title FROM {TABLE}"
        )


def porter(apps, schema_editor):
    _rebuild(schema_editor, ", tokenize = 'porter unicode61 remove_diacritics 2'")


def unicode61(apps, schema_editor):
    _rebuild(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(porter, unicode61, elidable=False)]
