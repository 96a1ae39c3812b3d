"""Search served from indexes only: substrings from trigram indexes, candidates by popularity.

SQLite: beside each FTS5 word index (`unicode61`, as in 0002) an FTS5 `trigram` table over the
fields that substrings are looked for in (tracks: title, artist, genre, mood, tags; users:
username, display name). A track's FTS5 rowid is `popularity << 40 | doc id`, popularity being
the bit length of its plays (0 plays: 0, 1: 1, 2–3: 2, 4–7: 3, …), so that walking an index in
rowid order from the top yields the most played matches first and a search can stop after a
bounded number of candidates. The doc tables map rowids back to ids (see 0002 on why the model
tables' own rowids cannot serve).

PostgreSQL: the index rows of 0002 gain `popularity` with a B-tree index for the same walk, and
their tsvector holds every word's prefixes as lexemes (so that the planner can tell a common
prefix from a rare one); the GIN indexes (tsvector, `gin_trgm_ops`) and the GiST trigram index
of 0002 stay.

Triggers keep everything current in the writing transaction; a change of plays re-indexes a
track only when its popularity changes, which happens about log2(plays) times in its life.

On SQLite a later migration that makes Django rebuild `musewave_track` or `musewave_user`
(AddField with a default, most AlterField operations) drops the triggers with the old table: it
must run `restore_sqlite_triggers` of this module after the rebuild (a test checks that every
trigger and index exists after all migrations).
"""

import importlib

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings

_0002 = importlib.import_module("musewave.migrations.0002_search_index")

# A track's FTS5 rowid keeps the doc id in its low 40 bits.
DOC_ID_BITS = 40
TRACK_TEXT_COLUMNS = ("title", "artist", "tags", "genre", "mood", "description")
USER_TEXT_COLUMNS = ("username", "display_name", "bio")


def sqlite_popularity(plays: str) -> str:
    """The bit length of a non-negative integer (plays fit 31 bits) without math functions,
    which not every SQLite build has: one comparison per power of two, each 0 or 1."""
    return "(" + " + ".join(f"({plays} >= {1 << bit})" for bit in range(31)) + ")"


def _changed(columns) -> str:
    return " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in columns)


_TRACK_ROWID = f"(doc.popularity << {DOC_ID_BITS}) + doc.id"
_TRACK_TAGS = "(SELECT group_concat(tag.value, {sep}) FROM json_each({row}.tags) AS tag)"

SQLITE_TABLES = [
    "CREATE TABLE musewave_track_search_doc ("
    " id INTEGER PRIMARY KEY, track_id char(32) NOT NULL UNIQUE, popularity integer NOT NULL)",
    "CREATE VIRTUAL TABLE musewave_track_search USING fts5("
    " title, artist, tags, genre, mood, description,"
    " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    # Tags one per line, so that no substring runs from one tag into the next.
    "CREATE VIRTUAL TABLE musewave_track_substring USING fts5("
    " title, artist, genre, mood, tags, tokenize = 'trigram')",
    "CREATE TABLE musewave_user_search_doc ("
    " id INTEGER PRIMARY KEY, user_id char(32) NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE musewave_user_search USING fts5("
    " username, display_name, bio,"
    " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE VIRTUAL TABLE musewave_user_substring USING fts5("
    " username, display_name, tokenize = 'trigram')",
]


def _sqlite_track_index(row: str, where: str | None) -> list[str]:
    """Statements filling both track indexes for the doc rows of the tracks `row` matching
    `where` (`SELECT … FROM musewave_track AS {row} {where}`), or, with `where` None, for the
    trigger's NEW row."""
    if where is None:
        source = f"FROM musewave_track_search_doc AS doc WHERE doc.track_id = {row}.id"
    else:
        source = (
            f"FROM musewave_track_search_doc AS doc JOIN musewave_track AS {row}"
            f" ON {row}.id = doc.track_id {where}"
        )
    tags_words = _TRACK_TAGS.format(sep="' '", row=row)
    tags_lines = _TRACK_TAGS.format(sep="char(10)", row=row)
    return [
        "INSERT INTO musewave_track_search (rowid, title, artist, tags, genre, mood, description)"
        f" SELECT {_TRACK_ROWID}, {row}.title, {row}.artist, {tags_words}, {row}.genre,"
        f" {row}.mood, {row}.description {source}",
        "INSERT INTO musewave_track_substring (rowid, title, artist, genre, mood, tags)"
        f" SELECT {_TRACK_ROWID}, {row}.title, {row}.artist, {row}.genre, {row}.mood,"
        f" {tags_lines} {source}",
    ]


def _sqlite_user_index(row: str, where: str | None) -> list[str]:
    if where is None:
        source = f"FROM musewave_user_search_doc AS doc WHERE doc.user_id = {row}.id"
    else:
        source = (
            f"FROM musewave_user_search_doc AS doc JOIN musewave_user AS {row}"
            f" ON {row}.id = doc.user_id {where}"
        )
    return [
        "INSERT INTO musewave_user_search (rowid, username, display_name, bio)"
        f" SELECT doc.id, {row}.username, {row}.display_name, {row}.bio {source}",
        "INSERT INTO musewave_user_substring (rowid, username, display_name)"
        f" SELECT doc.id, {row}.username, {row}.display_name {source}",
    ]


def _body(statements: list[str]) -> str:
    return "".join(f"{statement}; " for statement in statements)


_SQLITE_TRACK_FORGET = (
    "DELETE FROM musewave_track_search WHERE rowid IN"
    f" (SELECT {_TRACK_ROWID} FROM musewave_track_search_doc AS doc"
    " WHERE doc.track_id = {row}.id);"
    " DELETE FROM musewave_track_substring WHERE rowid IN"
    f" (SELECT {_TRACK_ROWID} FROM musewave_track_search_doc AS doc"
    " WHERE doc.track_id = {row}.id);"
    " DELETE FROM musewave_track_search_doc WHERE track_id = {row}.id;"
)
_SQLITE_TRACK_INDEX = _body(
    [
        "INSERT INTO musewave_track_search_doc (track_id, popularity)"
        f" VALUES (NEW.id, {sqlite_popularity('NEW.plays')})",
        *_sqlite_track_index("NEW", None),
    ]
)
_SQLITE_USER_FORGET = (
    "DELETE FROM musewave_user_search WHERE rowid IN"
    " (SELECT id FROM musewave_user_search_doc WHERE user_id = {row}.id);"
    " DELETE FROM musewave_user_substring WHERE rowid IN"
    " (SELECT id FROM musewave_user_search_doc WHERE user_id = {row}.id);"
    " DELETE FROM musewave_user_search_doc WHERE user_id = {row}.id;"
)
_SQLITE_USER_INDEX = _body(
    [
        "INSERT INTO musewave_user_search_doc (user_id) VALUES (NEW.id)",
        *_sqlite_user_index("NEW", None),
    ]
)


SQLITE_TRIGGERS = [
    # A leftover entry for the same id (impossible unless edited by hand) is replaced, not
    # allowed to make the insert of the track fail.
    "CREATE TRIGGER musewave_track_search_insert AFTER INSERT ON musewave_track BEGIN "
    + _SQLITE_TRACK_FORGET.format(row="NEW")
    + _SQLITE_TRACK_INDEX
    + " END",
    # Counter updates (plays on every play) re-index only when the popularity changes.
    "CREATE TRIGGER musewave_track_search_update"
    f" AFTER UPDATE OF {', '.join(TRACK_TEXT_COLUMNS)}, plays ON musewave_track"
    f" WHEN {_changed(TRACK_TEXT_COLUMNS)}"
    f" OR {sqlite_popularity('OLD.plays')} <> {sqlite_popularity('NEW.plays')} BEGIN "
    + _SQLITE_TRACK_FORGET.format(row="OLD")
    + _SQLITE_TRACK_INDEX
    + " END",
    "CREATE TRIGGER musewave_track_search_delete AFTER DELETE ON musewave_track BEGIN "
    + _SQLITE_TRACK_FORGET.format(row="OLD")
    + " END",
    "CREATE TRIGGER musewave_user_search_insert AFTER INSERT ON musewave_user BEGIN "
    + _SQLITE_USER_FORGET.format(row="NEW")
    + _SQLITE_USER_INDEX
    + " END",
    "CREATE TRIGGER musewave_user_search_update"
    f" AFTER UPDATE OF {', '.join(USER_TEXT_COLUMNS)} ON musewave_user"
    f" WHEN {_changed(USER_TEXT_COLUMNS)} BEGIN "
    + _SQLITE_USER_FORGET.format(row="OLD")
    + _SQLITE_USER_INDEX
    + " END",
    "CREATE TRIGGER musewave_user_search_delete AFTER DELETE ON musewave_user BEGIN "
    + _SQLITE_USER_FORGET.format(row="OLD")
    + " END",
]


SQLITE_TRIGGER_NAMES = [statement.split()[2] for statement in SQLITE_TRIGGERS]


def sqlite_index_tracks(where: str) -> list[str]:
    """Statements indexing the tracks `t` matching `where` (e.g. `WHERE t.id IN (…)`), which
    are not in the index; the rebuild uses them too."""
    return [
        "INSERT INTO musewave_track_search_doc (track_id, popularity)"
        f" SELECT t.id, {sqlite_popularity('t.plays')} FROM musewave_track AS t {where}",
        *_sqlite_track_index("t", where),
    ]


def sqlite_index_users(where: str) -> list[str]:
    return [
        "INSERT INTO musewave_user_search_doc (user_id)"
        f" SELECT u.id FROM musewave_user AS u {where}",
        *_sqlite_user_index("u", where),
    ]


SQLITE_INDEX_TABLES = [
    "musewave_track_search",
    "musewave_track_substring",
    "musewave_track_search_doc",
    "musewave_user_search",
    "musewave_user_substring",
    "musewave_user_search_doc",
]

SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES),
    *(f"DROP TABLE IF EXISTS {table}" for table in SQLITE_INDEX_TABLES),
]


def restore_sqlite_triggers(apps, schema_editor):
    """After a migration rebuilt musewave_track or musewave_user on SQLite: the triggers again
    (the index tables are not rebuilt and keep their rows)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    drops = [statement for statement in SQLITE_DROP if statement.startswith("DROP TRIGGER")]
    _0002._run(schema_editor, [*drops, *SQLITE_TRIGGERS])


# --- PostgreSQL ----------------------------------------------------------------------------------

_PG_TRACK_DOCUMENT = """
            setweight(to_tsvector('simple', musewave_search_normalize(track.title)), 'A')
            || setweight(to_tsvector('simple', musewave_search_normalize(track.artist)), 'B')
            || setweight(to_tsvector('simple',
                   musewave_search_normalize(musewave_search_tag_text(track.tags))), 'B')
            || setweight(to_tsvector('simple',
                   musewave_search_normalize(concat_ws(' ', track.genre, track.mood))), 'C')
            || setweight(to_tsvector('simple', musewave_search_normalize(track.description)), 'D')
"""
_PG_USER_DOCUMENT = """
            setweight(to_tsvector('simple', musewave_search_normalize(account.username)), 'A')
            || setweight(to_tsvector('simple', musewave_search_normalize(account.display_name)),
                   'A')
            || setweight(to_tsvector('simple', musewave_search_normalize(account.bio)), 'D')
"""

POSTGRESQL_CREATE = [
    # The bit length of plays, exactly (no floating-point logarithm).
    """
    CREATE FUNCTION musewave_search_popularity(plays integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT length(ltrim(greatest(plays, 0)::bit(32)::text, '0')) $$
    """,
    # Every word also as each of its prefixes from two letters on, with the word's positions and
    # weights: a word-prefix query becomes a query for whole lexemes, whose frequencies the
    # planner knows (it guesses a fixed 2% for any `prefix:*`, which made it walk the whole
    # popularity index for rare prefixes and fetch every match of common ones).
    r"""
    CREATE FUNCTION musewave_search_prefixes(document tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT coalesce(string_agg(
            '''' || replace(replace(left(entry.lexeme, n), '\', '\\'), '''', '''''') || ''':'
            || (SELECT string_agg(p::text || w, ',')
                FROM unnest(entry.positions, entry.weights) AS pw(p, w)),
            ' '), '')::tsvector
        FROM unnest(document) AS entry,
            generate_series(least(2, length(entry.lexeme)), length(entry.lexeme)) AS n
    $$
    """,
    "ALTER TABLE musewave_track_search ADD COLUMN popularity integer NOT NULL DEFAULT 0",
    # 0002's documents, with the prefixes and the popularity.
    f"""
    CREATE OR REPLACE FUNCTION musewave_track_search_index(track musewave_track) RETURNS void
    LANGUAGE sql VOLATILE
    AS $$
        INSERT INTO musewave_track_search (track_id, document, haystack, popularity)
        VALUES (
            track.id,
            musewave_search_prefixes({_PG_TRACK_DOCUMENT}),
            musewave_search_normalize(concat_ws(E'\\n', track.title, track.artist, track.genre,
                track.mood, musewave_search_tag_text(track.tags))),
            musewave_search_popularity(track.plays)
        )
        ON CONFLICT (track_id) DO UPDATE
        SET document = EXCLUDED.document, haystack = EXCLUDED.haystack,
            popularity = EXCLUDED.popularity
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION musewave_user_search_index(account musewave_user) RETURNS void
    LANGUAGE sql VOLATILE
    AS $$
        INSERT INTO musewave_user_search (user_id, document, haystack)
        VALUES (
            account.id,
            musewave_search_prefixes({_PG_USER_DOCUMENT}),
            musewave_search_normalize(concat_ws(E'\\n', account.username, account.display_name))
        )
        ON CONFLICT (user_id) DO UPDATE
        SET document = EXCLUDED.document, haystack = EXCLUDED.haystack
    $$
    """,
    "SELECT musewave_track_search_index(t) FROM musewave_track AS t",
    "SELECT musewave_user_search_index(u) FROM musewave_user AS u",
    # Inserts and deletes as before; updates only when indexed text or the popularity changed,
    # so that counting a play costs no re-indexing.
    "DROP TRIGGER musewave_track_search_sync ON musewave_track",
    "CREATE TRIGGER musewave_track_search_sync AFTER INSERT OR DELETE ON musewave_track"
    " FOR EACH ROW EXECUTE FUNCTION musewave_track_search_sync()",
    "CREATE TRIGGER musewave_track_search_update"
    f" AFTER UPDATE OF {', '.join(TRACK_TEXT_COLUMNS)}, plays ON musewave_track FOR EACH ROW"
    " WHEN ("
    + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in TRACK_TEXT_COLUMNS)
    + " OR musewave_search_popularity(OLD.plays) <> musewave_search_popularity(NEW.plays))"
    " EXECUTE FUNCTION musewave_track_search_sync()",
    "DROP TRIGGER musewave_user_search_sync ON musewave_user",
    "CREATE TRIGGER musewave_user_search_sync AFTER INSERT OR DELETE ON musewave_user"
    " FOR EACH ROW EXECUTE FUNCTION musewave_user_search_sync()",
    "CREATE TRIGGER musewave_user_search_update"
    f" AFTER UPDATE OF {', '.join(USER_TEXT_COLUMNS)} ON musewave_user FOR EACH ROW"
    " WHEN ("
    + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in USER_TEXT_COLUMNS)
    + ") EXECUTE FUNCTION musewave_user_search_sync()",
]

_0002_INDEX_FUNCTIONS = [
    s
    for s in _0002.POSTGRESQL_CREATE
    if "FUNCTION musewave_track_search_index" in s or "FUNCTION musewave_user_search_index" in s
]
_0002_SYNC_TRIGGERS = [
    s
    for s in _0002.POSTGRESQL_CREATE
    if s.startswith(
        ("CREATE TRIGGER musewave_track_search_sync", "CREATE TRIGGER musewave_user_search_sync")
    )
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS musewave_track_search_update ON musewave_track",
    "DROP TRIGGER IF EXISTS musewave_track_search_sync ON musewave_track",
    "DROP TRIGGER IF EXISTS musewave_user_search_update ON musewave_user",
    "DROP TRIGGER IF EXISTS musewave_user_search_sync ON musewave_user",
    # 0002's function and triggers, as they were.
    *(f.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1) for f in _0002_INDEX_FUNCTIONS),
    *_0002_SYNC_TRIGGERS,
    "ALTER TABLE musewave_track_search DROP COLUMN popularity",
    "SELECT musewave_track_search_index(t) FROM musewave_track AS t",
    "SELECT musewave_user_search_index(u) FROM musewave_user AS u",
    "DROP FUNCTION IF EXISTS musewave_search_prefixes(tsvector)",
    "DROP FUNCTION IF EXISTS musewave_search_popularity(integer)",
]

# The candidates' walk: most popular first (then the newest id), served by this index.
TRACK_POPULARITY_INDEX = models.Index(
    fields=["-popularity", "-track"], name="musewave_track_search_pop_idx"
)


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _0002._run(
            schema_editor,
            [
                *_0002.SQLITE_DROP,
                *SQLITE_TABLES,
                *SQLITE_TRIGGERS,
                *sqlite_index_tracks(""),
                *sqlite_index_users(""),
            ],
        )
    elif vendor == "postgresql":
        _0002._run(schema_editor, POSTGRESQL_CREATE)
        schema_editor.add_index(
            apps.get_model("musewave", "TrackSearchDocument"), TRACK_POPULARITY_INDEX
        )


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _0002._run(
            schema_editor,
            [*SQLITE_DROP, *_0002.SQLITE_TABLES, *_0002.SQLITE_TRIGGERS, *_0002.SQLITE_FILL],
        )
    elif vendor == "postgresql":
        schema_editor.remove_index(
            apps.get_model("musewave", "TrackSearchDocument"), TRACK_POPULARITY_INDEX
        )
        _0002._run(schema_editor, POSTGRESQL_DROP)


class KeptTrigramExtension(TrigramExtension):
    """pg_trgm, created when missing; kept when this migration is reversed (0002 and 0006
    index with it), and a no-op on SQLite both ways."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class Migration(migrations.Migration):
    dependencies = [
        ("musewave", "0009_notification_upload_kinds"),
    ]

    operations = [
        KeptTrigramExtension(),
        # The index rows as models (PostgreSQL), for queries with Django's search expressions;
        # the tables are the migrations' own.
        migrations.CreateModel(
            name="TrackSearchDocument",
            fields=[
                (
                    "track",
                    models.OneToOneField(
                        db_column="track_id",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="musewave.track",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField()),
                ("haystack", models.TextField()),
                ("popularity", models.IntegerField()),
            ],
            options={
                "db_table": "musewave_track_search",
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="UserSearchDocument",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        db_column="user_id",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField()),
                ("haystack", models.TextField()),
            ],
            options={
                "db_table": "musewave_user_search",
                "managed": False,
            },
        ),
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
