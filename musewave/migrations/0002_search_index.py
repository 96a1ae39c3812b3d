"""Full-text search indexes for tracks and users, kept current by database triggers.

SQLite: FTS5 tables (`unicode61 remove_diacritics 2`, prefix indexes) whose rowids are mapped to
track and user ids by two plain tables (`*_search_doc`); an integer primary key there keeps the
mapping stable across VACUUM, which may renumber the implicit rowids of the model tables.

PostgreSQL: one row per track and per user holding a weighted `tsvector` (GIN index) and the
normalised text that substring matches (GIN `gin_trgm_ops` index) and nearest-first trigram
similarity (GiST `gist_trgm_ops` index) run on.

The triggers fire inside the writing statement, so the index changes in the same transaction as the
row. On SQLite, a later migration that makes Django rebuild `musewave_track` or `musewave_user`
(most AlterField operations) drops their triggers with the old table: such a migration must run
SQLITE_TRIGGERS again.
"""

from django.db import migrations

SQLITE_TABLES = [
    "CREATE TABLE musewave_track_search_doc ("
    " id INTEGER PRIMARY KEY, track_id char(32) NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE musewave_track_search USING fts5("
    " title, artist, tags, genre, mood, description,"
    " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE TABLE musewave_user_search_doc ("
    " id INTEGER PRIMARY KEY, user_id char(32) NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE musewave_user_search USING fts5("
    " username, display_name, bio,"
    " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
]

_SQLITE_TRACK_VALUES = (
    "NEW.title, NEW.artist,"
    " (SELECT group_concat(tag.value, ' ') FROM json_each(NEW.tags) AS tag),"
    " NEW.genre, NEW.mood, NEW.description"
)
_SQLITE_TRACK_FORGET = (
    "DELETE FROM musewave_track_search WHERE rowid IN"
    " (SELECT id FROM musewave_track_search_doc WHERE track_id = {row}.id);"
    " DELETE FROM musewave_track_search_doc WHERE track_id = {row}.id;"
)
_SQLITE_TRACK_INDEX = (
    "INSERT INTO musewave_track_search_doc (track_id) VALUES (NEW.id);"
    " INSERT INTO musewave_track_search (rowid, title, artist, tags, genre, mood, description)"
    f" VALUES (last_insert_rowid(), {_SQLITE_TRACK_VALUES});"
)
_SQLITE_USER_FORGET = (
    "DELETE FROM musewave_user_search WHERE rowid IN"
    " (SELECT id FROM musewave_user_search_doc WHERE user_id = {row}.id);"
    " DELETE FROM musewave_user_search_doc WHERE user_id = {row}.id;"
)
_SQLITE_USER_INDEX = (
    "INSERT INTO musewave_user_search_doc (user_id) VALUES (NEW.id);"
    " INSERT INTO musewave_user_search (rowid, username, display_name, bio)"
    " VALUES (last_insert_rowid(), NEW.username, NEW.display_name, NEW.bio);"
)

SQLITE_TRIGGERS = [
    # A leftover entry for the same id (impossible unless edited by hand) is replaced, not
    # allowed to make the insert of the track fail.
    "CREATE TRIGGER musewave_track_search_insert AFTER INSERT ON musewave_track BEGIN "
    + _SQLITE_TRACK_FORGET.format(row="NEW")
    + _SQLITE_TRACK_INDEX
    + " END",
    "CREATE TRIGGER musewave_track_search_update"
    " AFTER UPDATE OF title, artist, tags, genre, mood, description ON musewave_track BEGIN "
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
    " AFTER UPDATE OF username, display_name, bio ON musewave_user BEGIN "
    + _SQLITE_USER_FORGET.format(row="OLD")
    + _SQLITE_USER_INDEX
    + " END",
    "CREATE TRIGGER musewave_user_search_delete AFTER DELETE ON musewave_user BEGIN "
    + _SQLITE_USER_FORGET.format(row="OLD")
    + " END",
]

SQLITE_FILL = [
    "INSERT INTO musewave_track_search_doc (track_id) SELECT id FROM musewave_track",
    "INSERT INTO musewave_track_search (rowid, title, artist, tags, genre, mood, description)"
    " SELECT d.id, t.title, t.artist,"
    " (SELECT group_concat(tag.value, ' ') FROM json_each(t.tags) AS tag),"
    " t.genre, t.mood, t.description"
    " FROM musewave_track_search_doc AS d JOIN musewave_track AS t ON t.id = d.track_id",
    "INSERT INTO musewave_user_search_doc (user_id) SELECT id FROM musewave_user",
    "INSERT INTO musewave_user_search (rowid, username, display_name, bio)"
    " SELECT d.id, u.username, u.display_name, u.bio"
    " FROM musewave_user_search_doc AS d JOIN musewave_user AS u ON u.id = d.user_id",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS musewave_track_search_insert",
    "DROP TRIGGER IF EXISTS musewave_track_search_update",
    "DROP TRIGGER IF EXISTS musewave_track_search_delete",
    "DROP TRIGGER IF EXISTS musewave_user_search_insert",
    "DROP TRIGGER IF EXISTS musewave_user_search_update",
    "DROP TRIGGER IF EXISTS musewave_user_search_delete",
    "DROP TABLE IF EXISTS musewave_track_search",
    "DROP TABLE IF EXISTS musewave_track_search_doc",
    "DROP TABLE IF EXISTS musewave_user_search",
    "DROP TABLE IF EXISTS musewave_user_search_doc",
]

POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Lower case without accents: what both the index and the queries compare.
    """
    CREATE FUNCTION musewave_search_normalize(value text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT lower(unaccent(coalesce(value, ''))) $$
    """,
    """
    CREATE FUNCTION musewave_search_tag_text(tags jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT coalesce(string_agg(tag, ' '), '')
        FROM jsonb_array_elements_text(
            CASE WHEN jsonb_typeof(tags) = 'array' THEN tags ELSE '[]'::jsonb END
        ) AS tag
    $$
    """,
    """
    CREATE TABLE musewave_track_search (
        track_id uuid PRIMARY KEY,
        document tsvector NOT NULL,
        haystack text NOT NULL
    )
    """,
    "CREATE INDEX musewave_track_search_document_idx ON musewave_track_search USING gin (document)",
    "CREATE INDEX musewave_track_search_haystack_idx"
    " ON musewave_track_search USING gin (haystack gin_trgm_ops)",
    # GiST serves the nearest-first (KNN) search for misspelt words; GIN the substring search.
    "CREATE INDEX musewave_track_search_similar_idx"
    " ON musewave_track_search USING gist (haystack gist_trgm_ops)",
    """
    CREATE TABLE musewave_user_search (
        user_id uuid PRIMARY KEY,
        document tsvector NOT NULL,
        haystack text NOT NULL
    )
    """,
    "CREATE INDEX musewave_user_search_document_idx ON musewave_user_search USING gin (document)",
    "CREATE INDEX musewave_user_search_haystack_idx"
    " ON musewave_user_search USING gin (haystack gin_trgm_ops)",
    "CREATE INDEX musewave_user_search_similar_idx"
    " ON musewave_user_search USING gist (haystack gist_trgm_ops)",
    # Title weighs most (A), then artist and tags (B), genre and mood (C), description (D).
    """
    CREATE FUNCTION musewave_track_search_index(track musewave_track) RETURNS void
    LANGUAGE sql VOLATILE
    AS $$
        INSERT INTO musewave_track_search (track_id, document, haystack)
        VALUES (
            track.id,
            setweight(to_tsvector('simple', musewave_search_normalize(track.title)), 'A')
            || setweight(to_tsvector('simple', musewave_search_normalize(track.artist)), 'B')
            || setweight(to_tsvector('simple',
                   musewave_search_normalize(musewave_search_tag_text(track.tags))), 'B')
            || setweight(to_tsvector('simple',
                   musewave_search_normalize(concat_ws(' ', track.genre, track.mood))), 'C')
            || setweight(to_tsvector('simple', musewave_search_normalize(track.description)), 'D'),
            musewave_search_normalize(concat_ws(E'\\n', track.title, track.artist, track.genre,
                track.mood, musewave_search_tag_text(track.tags)))
        )
        ON CONFLICT (track_id) DO UPDATE
        SET document = EXCLUDED.document, haystack = EXCLUDED.haystack
    $$
    """,
    """
    CREATE FUNCTION musewave_user_search_index(account musewave_user) RETURNS void
    LANGUAGE sql VOLATILE
    AS $$
        INSERT INTO musewave_user_search (user_id, document, haystack)
        VALUES (
            account.id,
            setweight(to_tsvector('simple', musewave_search_normalize(account.username)), 'A')
            || setweight(to_tsvector('simple', musewave_search_normalize(account.display_name)),
                   'A')
            || setweight(to_tsvector('simple', musewave_search_normalize(account.bio)), 'D'),
            musewave_search_normalize(concat_ws(E'\\n', account.username, account.display_name))
        )
        ON CONFLICT (user_id) DO UPDATE
        SET document = EXCLUDED.document, haystack = EXCLUDED.haystack
    $$
    """,
    """
    CREATE FUNCTION musewave_track_search_sync() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM musewave_track_search WHERE track_id = OLD.id;
            RETURN OLD;
        END IF;
        PERFORM musewave_track_search_index(NEW);
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE FUNCTION musewave_user_search_sync() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM musewave_user_search WHERE user_id = OLD.id;
            RETURN OLD;
        END IF;
        PERFORM musewave_user_search_index(NEW);
        RETURN NEW;
    END
    $$
    """,
    # TRUNCATE (what `flush` does) fires no row trigger; empty the index with the table.
    """
    CREATE FUNCTION musewave_search_truncate() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF TG_TABLE_NAME = 'musewave_track' THEN
            TRUNCATE musewave_track_search;
        ELSE
            TRUNCATE musewave_user_search;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER musewave_track_search_sync"
    " AFTER INSERT OR DELETE OR UPDATE OF title, artist, tags, genre, mood, description"
    " ON musewave_track FOR EACH ROW EXECUTE FUNCTION musewave_track_search_sync()",
    "CREATE TRIGGER musewave_track_search_truncate AFTER TRUNCATE ON musewave_track"
    " FOR EACH STATEMENT EXECUTE FUNCTION musewave_search_truncate()",
    "CREATE TRIGGER musewave_user_search_sync"
    " AFTER INSERT OR DELETE OR UPDATE OF username, display_name, bio"
    " ON musewave_user FOR EACH ROW EXECUTE FUNCTION musewave_user_search_sync()",
    "CREATE TRIGGER musewave_user_search_truncate AFTER TRUNCATE ON musewave_user"
    " FOR EACH STATEMENT EXECUTE FUNCTION musewave_search_truncate()",
    "SELECT musewave_track_search_index(t) FROM musewave_track AS t",
    "SELECT musewave_user_search_index(u) FROM musewave_user AS u",
]

# The extensions stay: other objects may have come to depend on them.
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS musewave_track_search_sync ON musewave_track",
    "DROP TRIGGER IF EXISTS musewave_track_search_truncate ON musewave_track",
    "DROP TRIGGER IF EXISTS musewave_user_search_sync ON musewave_user",
    "DROP TRIGGER IF EXISTS musewave_user_search_truncate ON musewave_user",
    "DROP FUNCTION IF EXISTS musewave_track_search_sync()",
    "DROP FUNCTION IF EXISTS musewave_user_search_sync()",
    "DROP FUNCTION IF EXISTS musewave_search_truncate()",
    "DROP FUNCTION IF EXISTS musewave_track_search_index(musewave_track)",
    "DROP FUNCTION IF EXISTS musewave_user_search_index(musewave_user)",
    "DROP TABLE IF EXISTS musewave_track_search",
    "DROP TABLE IF EXISTS musewave_user_search",
    "DROP FUNCTION IF EXISTS musewave_search_tag_text(jsonb)",
    "DROP FUNCTION IF EXISTS musewave_search_normalize(text)",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, [*SQLITE_TABLES, *SQLITE_TRIGGERS, *SQLITE_FILL])
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_CREATE)


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("musewave", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
