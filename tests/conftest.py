"""Shared fixtures: users, tracks and a helper to build them with sensible defaults."""

import itertools

import pytest
from django.db import connection

from musewave import services
from musewave.models import Track, User

PASSWORD = "Str0ng-Passw0rd!"
_seq = itertools.count(1)


def pytest_configure(config):
    from django.conf import settings

    # Argon2 at production cost would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]
    # Tests read figures right after the writes that change them; caching is tested on its own.
    settings.MUSEWAVE_STATS_CACHE_SECONDS = 0


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
