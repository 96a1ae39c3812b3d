"""A JSON client for the Express dialect (`/api/…`) and the shapes its answers must have."""

import re

import pytest

from tests.rest.conftest import JsonClient, _matches
from tests.rest.test_authorization import world  # noqa: F401  (the authorization fixture)

TIMESTAMP_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class Uuid:
    """A lower-case UUID v4 string."""


class Timestamp:
    """UTC with milliseconds: 2026-12-01T09:31:08.573Z."""


class Optional:
    """A key that may be absent (never null)."""

    def __init__(self, spec):
        self.spec = spec


STR = (str,)
INT = (int,)
NUMBER = (int, float)
BOOL = (bool,)

USER = {
    "id": Uuid,
    "username": STR,
    "email": Optional(STR),
    "displayName": Optional(STR),
    "bio": Optional(STR),
    "avatarUrl": Optional(STR),
    "headerUrl": Optional(STR),
    "location": Optional(STR),
    "website": Optional(STR),
    "socialLinks": Optional(
        {
            "twitter": Optional(STR),
            "instagram": Optional(STR),
            "spotify": Optional(STR),
            "soundcloud": Optional(STR),
        }
    ),
    "verified": BOOL,
    "createdAt": Timestamp,
    "updatedAt": Timestamp,
}
TRACK = {
    "id": Uuid,
    "userId": Uuid,
    "albumId": Optional(Uuid),
    "title": STR,
    "artist": STR,
    "artistSlug": STR,
    "description": Optional(STR),
    "genre": STR,
    "mood": Optional(STR),
    "tags": [STR],
    "audioUrl": STR,
    "audioFileSize": INT,
    "audioDuration": NUMBER,
    "audioFormat": STR,
    "coverUrl": Optional(STR),
    "coverGradient": Optional(STR),
    "waveformData": Optional(STR),
    "bpm": Optional(INT),
    "key": Optional(STR),
    "plays": INT,
    "likes": INT,
    "downloads": INT,
    "shares": INT,
    "published": BOOL,
    "publishedAt": Optional(Timestamp),
    "createdAt": Timestamp,
    "updatedAt": Timestamp,
}
ALBUM = {
    "id": Uuid,
    "userId": Uuid,
    "title": STR,
    "artist": STR,
    "description": Optional(STR),
    "coverUrl": Optional(STR),
    "coverGradient": Optional(STR),
    "releaseDate": Timestamp,
    "genre": STR,
    "published": BOOL,
    "createdAt": Timestamp,
    "updatedAt": Timestamp,
}
ALBUM_DETAIL = {**ALBUM, "tracks": [TRACK]}
LIKE = {"id": Uuid, "userId": Uuid, "trackId": Uuid, "createdAt": Timestamp}
FOLLOW = {"id": Uuid, "followerId": Uuid, "followingId": Uuid, "createdAt": Timestamp}
PLAY = {
    "id": Uuid,
    "userId": Optional(Uuid),
    "trackId": Uuid,
    "duration": NUMBER,
    "completed": BOOL,
    "ipAddress": Optional(STR),
    "userAgent": Optional(STR),
    "createdAt": Timestamp,
}
DOWNLOAD = {
    "id": Uuid,
    "userId": Optional(Uuid),
    "trackId": Uuid,
    "ipAddress": Optional(STR),
    "userAgent": Optional(STR),
    "createdAt": Timestamp,
}
USER_STATS = {
    "userId": STR,
    "totalTracks": INT,
    "totalPlays": INT,
    "totalLikes": INT,
    "totalDownloads": INT,
    "totalFollowers": INT,
    "totalFollowing": INT,
    "monthlyListeners": INT,
    "updatedAt": Timestamp,
}
TRACK_STATS = {
    "trackId": STR,
    "dailyPlays": dict,
    "totalUniqueListeners": INT,
    "avgListenDuration": NUMBER,
    "completionRate": NUMBER,
    "updatedAt": Timestamp,
}
SUCCESS = {"success": True}


def _ok(value, spec) -> bool:
    if isinstance(spec, Optional):
        return _ok(value, spec.spec)
    if spec is Uuid:
        return isinstance(value, str) and bool(UUID_RE.match(value))
    if spec is Timestamp:
        return isinstance(value, str) and bool(TIMESTAMP_RE.match(value))
    if isinstance(spec, dict):
        return isinstance(value, dict) and not shape_errors(value, spec)
    if isinstance(spec, list):
        return isinstance(value, list) and all(_ok(item, spec[0]) for item in value)
    if isinstance(spec, tuple):
        return any(type(value) is option for option in spec)
    return _matches(value, spec)


def shape_errors(obj: dict, shape: dict) -> list[str]:
    required = {key for key, spec in shape.items() if not isinstance(spec, Optional)}
    problems = []
    if missing := required - set(obj):
        problems.append(f"missing {missing}")
    if extra := set(obj) - set(shape):
        problems.append(f"extra {extra}")
    problems += [
        f"{key}={value!r}"
        for key, value in obj.items()
        if key in shape and (value is None or not _ok(value, shape[key]))
    ]
    return problems


def assert_shape(obj, shape: dict) -> None:
    """`obj` has every required key of `shape`, no other key, no null, each of its type."""
    assert isinstance(obj, dict), obj
    assert shape_errors(obj, shape) == []


def assert_list_of(items, shape: dict) -> None:
    assert isinstance(items, list), items
    for item in items:
        assert_shape(item, shape)


def issue_paths(response) -> list[list]:
    body = response.json()
    assert response.status_code == 400, body
    assert isinstance(body["error"], list), body
    return [issue["path"] for issue in body["error"]]


def assert_malformed_id(response, field: str) -> None:
    """MuseWave's id rule in this dialect's shape: an id that is not one is a 400 on its
    parameter (a well-formed id of nothing is the 404 or the empty answer)."""
    assert response.status_code == 400, response.json()
    [issue] = response.json()["error"]
    assert (issue["code"], issue["path"]) == ("custom", [field])


@pytest.fixture
def api(db) -> JsonClient:
    return JsonClient()
