"""A JSON client for the legacy REST API and the shapes its answers must have."""

import json
import re
from types import NoneType

import pytest
from django.test import Client

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


class Uuid:
    """A hyphenated lower-case UUID string."""


class Timestamp:
    """A UTC timestamp with microseconds, e.g. 2026-02-09T10:00:00.123456Z."""


STR = (str,)
OPT_STR = (str, NoneType)
INT = (int,)
FLOAT = (float,)
BOOL = (bool,)

USER = {
    "id": Uuid,
    "username": STR,
    "email": OPT_STR,
    "display_name": STR,
    "bio": STR,
    "avatar_url": OPT_STR,
    "header_url": OPT_STR,
    "location": OPT_STR,
    "website": OPT_STR,
    "social_links": {
        "twitter": OPT_STR,
        "instagram": OPT_STR,
        "spotify": OPT_STR,
        "soundcloud": OPT_STR,
    },
    "verified": BOOL,
    "created_at": Timestamp,
    "updated_at": Timestamp,
}
TRACK = {
    "id": Uuid,
    "user_id": Uuid,
    "album_id": (Uuid, NoneType),
    "title": STR,
    "artist": STR,
    "artist_slug": STR,
    "description": OPT_STR,
    "genre": STR,
    "mood": OPT_STR,
    "tags": [STR],
    "audio_url": STR,
    "audio_file_size": INT,
    "audio_duration": FLOAT,
    "audio_format": STR,
    "cover_url": OPT_STR,
    "cover_gradient": OPT_STR,
    "waveform_data": OPT_STR,
    "bpm": (int, NoneType),
    "key": OPT_STR,
    "plays": INT,
    "likes": INT,
    "downloads": INT,
    "shares": INT,
    "published": BOOL,
    "published_at": (Timestamp, NoneType),
    "created_at": Timestamp,
    "updated_at": Timestamp,
}
ALBUM = {
    "id": Uuid,
    "user_id": Uuid,
    "title": STR,
    "artist": STR,
    "description": OPT_STR,
    "cover_url": OPT_STR,
    "cover_gradient": OPT_STR,
    "release_date": Timestamp,
    "genre": STR,
    "published": BOOL,
    "created_at": Timestamp,
    "updated_at": Timestamp,
    "track_count": INT,
}
ALBUM_DETAIL = {**ALBUM, "tracks": [TRACK]}
LIKE = {"id": Uuid, "user_id": Uuid, "track_id": Uuid, "created_at": Timestamp}
FOLLOW = {"id": Uuid, "follower_id": Uuid, "following_id": Uuid, "created_at": Timestamp}
PLAY = {
    "id": Uuid,
    "user_id": (Uuid, NoneType),
    "track_id": Uuid,
    "duration": FLOAT,
    "completed": BOOL,
    "ip_address": OPT_STR,
    "user_agent": OPT_STR,
    "created_at": Timestamp,
}
DOWNLOAD = {
    "id": Uuid,
    "user_id": (Uuid, NoneType),
    "track_id": Uuid,
    "ip_address": OPT_STR,
    "user_agent": OPT_STR,
    "created_at": Timestamp,
}
USER_STATS = {
    "user_id": Uuid,
    "total_tracks": INT,
    "total_plays": INT,
    "total_likes": INT,
    "total_downloads": INT,
    "total_followers": INT,
    "total_following": INT,
    "monthly_listeners": INT,
    "updated_at": Timestamp,
}
TRACK_STATS = {
    "track_id": Uuid,
    "daily_plays": dict,
    "total_unique_listeners": INT,
    "avg_listen_duration": FLOAT,
    "completion_rate": FLOAT,
    "updated_at": Timestamp,
}
SUCCESS = {"success": True}


def _matches(value, spec) -> bool:
    if spec is Uuid:
        return isinstance(value, str) and bool(UUID_RE.match(value))
    if spec is Timestamp:
        return isinstance(value, str) and bool(TIMESTAMP_RE.match(value))
    if spec is dict:
        return isinstance(value, dict)
    if isinstance(spec, dict):
        return isinstance(value, dict) and not shape_errors(value, spec)
    if isinstance(spec, list):
        return isinstance(value, list) and all(_matches(item, spec[0]) for item in value)
    # Exact types: a bool is not an int, an int is not a float.
    return any(
        _matches(value, option) if option in (Uuid, Timestamp) else type(value) is option
        for option in spec
    )


def shape_errors(obj: dict, shape: dict) -> list[str]:
    if set(obj) != set(shape):
        return [f"keys differ: extra {set(obj) - set(shape)}, missing {set(shape) - set(obj)}"]
    return [f"{key}={obj[key]!r}" for key, spec in shape.items() if not _matches(obj[key], spec)]


def assert_shape(obj, shape: dict) -> None:
    """`obj` has exactly the keys of `shape`, each of the JSON type given there."""
    assert isinstance(obj, dict), obj
    assert shape_errors(obj, shape) == []


def assert_list_of(items, shape: dict) -> None:
    assert isinstance(items, list), items
    for item in items:
        assert_shape(item, shape)


class JsonClient:
    """Sends JSON bodies the way legacy clients do; every answer must be JSON."""

    def __init__(self, **client_options):
        self.client = Client(**client_options)

    def request(self, method: str, path: str, body=None, **extra):
        kwargs = dict(extra)
        if body is not None:
            kwargs["data"] = body if isinstance(body, bytes | str) else json.dumps(body)
            kwargs.setdefault("content_type", "application/json")
        # generic(): without a body, none at all (post() would send an empty multipart form).
        response = self.client.generic(method.upper(), path, **kwargs)
        assert response["Content-Type"].startswith("application/json"), response.content[:200]
        return response

    def get(self, path, **extra):
        return self.request("get", path, **extra)

    def post(self, path, body=None, **extra):
        return self.request("post", path, body, **extra)

    def patch(self, path, body=None, **extra):
        return self.request("patch", path, body, **extra)

    def delete(self, path, body=None, **extra):
        return self.request("delete", path, body, **extra)


@pytest.fixture
def api(db) -> JsonClient:
    return JsonClient()
