"""Playlists and their items.

On PostgreSQL, a trigram index on the upper-cased titles of public playlists serves the
case-insensitive substring search of titles (`title__icontains` compiles to
`UPPER(title) LIKE UPPER(...)`); SQLite filters on the visibility index and scans the titles.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


POSTGRESQL_TITLE_INDEX = (
    "CREATE INDEX musewave_playlist_title_trgm_idx ON musewave_playlist"
    " USING gin ((UPPER(title::text)) gin_trgm_ops) WHERE visibility = 'public'"
)


def create_title_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
        schema_editor.execute(POSTGRESQL_TITLE_INDEX, params=None)


def drop_title_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS musewave_playlist_title_trgm_idx", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("musewave", "0003_bounds"),
    ]

    operations = [
        migrations.CreateModel(
            name="Playlist",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        max_length=100, validators=[django.core.validators.MinLengthValidator(1)]
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        default="",
                        validators=[django.core.validators.MaxLengthValidator(1000)],
                    ),
                ),
                (
                    "cover_url",
                    models.CharField(blank=True, max_length=1000, null=True),
                ),
                (
                    "visibility",
                    models.CharField(
                        choices=[
                            ("public", "Public: listed and searchable"),
                            ("unlisted", "Unlisted: reachable by id, never listed or searched"),
                            ("private", "Private: the owner and staff only"),
                        ],
                        default="public",
                        max_length=10,
                    ),
                ),
                ("track_count", models.PositiveIntegerField(default=0, editable=False)),
                ("duration", models.FloatField(default=0.0, editable=False, help_text="Seconds.")),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="playlists",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="PlaylistItem",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("position", models.PositiveIntegerField()),
                (
                    "added_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "added_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "playlist",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="musewave.playlist",
                    ),
                ),
                (
                    "track",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="playlist_items",
                        to="musewave.track",
                    ),
                ),
            ],
            options={
                "ordering": ["playlist", "position"],
            },
        ),
        migrations.AddIndex(
            model_name="playlist",
            index=models.Index(fields=["owner", "-created_at"], name="playlist_owner_created_idx"),
        ),
        migrations.AddIndex(
            model_name="playlist",
            index=models.Index(
                fields=["visibility", "-created_at"], name="playlist_visible_created_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="playlist",
            constraint=models.CheckConstraint(
                condition=models.Q(("visibility__in", ["public", "unlisted", "private"])),
                name="playlist_visibility_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="playlist",
            constraint=models.CheckConstraint(
                condition=models.Q(("duration__gte", 0)), name="playlist_duration_gte_0"
            ),
        ),
        migrations.AddConstraint(
            model_name="playlistitem",
            constraint=models.UniqueConstraint(
                fields=("playlist", "position"), name="playlist_item_position_unique"
            ),
        ),
        migrations.RunPython(create_title_index, drop_title_index, elidable=False),
    ]
