"""Shared fixtures: users, tracks and a helper to build them with sensible defaults."""

import itertools

import pytest
from django.db import connection

from musewave import services
from musewave.models import Track, User

PASSWORD = "Str0ng-Passw0rd!"
_seq = itertools.count(1)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))


def close_database_connections() -> None:
    """Close this thread's connections and, on PostgreSQL, their pool: a connection made after
    this reads the settings anew."""
    from django.db import connections

    for database in connections.all(initialized_only=True):
        database.close()
        if getattr(database, "pool", None) is not None:
            database.close_pool()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    yield
    # The pool's connections to the test database would keep it from being dropped.
    close_database_connections()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test stores its files in a folder of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def stored_files() -> list[str]:
    """Every file in the media storage, relative to MEDIA_ROOT."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def background_jobs_eager():
    """`background_jobs_eager(False)` sends background jobs to the broker, as in production,
    for the rest of the test (True runs them in-process); the setting is restored after it."""
    from config.celery import app

    before = app.conf.task_always_eager

    def set_eager(eager: bool) -> None:
        app.conf.task_always_eager = eager

    yield set_eager
    app.conf.task_always_eager = before


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """`with run_on_commit(): …` runs the callbacks (processing jobs, file deletions) that the
    writes inside queue for after their commit."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


@pytest.fixture
def make_user(db):
    def make(**fields) -> User:
        n = next(_seq)
        fields.setdefault("username", f"user{n}")
        fields.setdefault("email", f"user{n}@example.com")
        fields.setdefault("password", PASSWORD)
        return services.user_create(**fields)

    return make


@pytest.fixture
def make_track(db):
    def make(*, owner: User, **fields) -> Track:
        n = next(_seq)
        fields.setdefault("title", f"Track {n}")
        fields.setdefault("artist", owner.display_name or owner.username)
        fields.setdefault("artist_slug", owner.username)
        fields.setdefault("genre", "electronic")
        fields.setdefault("audio_url", f"https://cdn.example.com/audio/{n}.mp3")
        fields.setdefault("audio_file_size", 4_000_000)
        fields.setdefault("audio_duration", 200.0)
        fields.setdefault("audio_format", "mp3")
        fields.setdefault("published", True)
        return services.track_create(actor=owner, **fields)

    return make


@pytest.fixture
def alice(make_user) -> User:
    return make_user(username="alice", email="alice@example.com", display_name="Alice")


@pytest.fixture
def bob(make_user) -> User:
    return make_user(username="bob", email="bob@example.com", display_name="Bob")


@pytest.fixture
def track(make_track, alice) -> Track:
    return make_track(owner=alice, title="Summer Vibes", mood="happy", tags=["Summer", "chill"])
