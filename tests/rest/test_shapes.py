"""The legacy answers' fast path: shapes that read attributes straight from the object, lists
that leave out the columns no shape shows, and orjson encoding. Every answer must be the bytes
DRF's own serializer and renderer give, and a list must not read a column its shape never shows."""

import copy
import datetime
import decimal
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_lazy
from djangorestframework_camel_case.render import CamelCaseJSONRenderer
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from musewave import services
from musewave.models import Track, User
from musewave.services.auth import auth_login
from rest_compat.renderers import FastCamelCaseJSONRenderer, FastJSONRenderer
from rest_compat.serializers.common import Shape, in_milliseconds, utc_timestamp
from rest_compat.serializers.tracks import TrackSerializer
from tests.conftest import PASSWORD
from tests.rest.conftest import JsonClient


def bearer(user) -> dict[str, str]:
    _, tokens = auth_login(username_or_email=user.username, password=PASSWORD)
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


@pytest.fixture
def catalogue(alice, bob, make_user, make_track):
    """Some of everything the legacy lists show, with the cases a shape must get right: a
    draft, stored audio and images, an external cover, empty and null text, no album."""
    staff = make_user(username="staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True, bio="", location=None)
    published = make_track(
        owner=alice, title="Sommer — “Nacht”", tags=["summer", "night"], mood=None, bpm=None
    )
    uploaded = make_track(owner=alice, title="Stored", description="", key="C minor")
    draft = make_track(owner=alice, title="Draft", published=False)
    Track.objects.filter(pk=uploaded.pk).update(
        audio_file="audio/stored.m4a",
        cover_file="covers/stored.jpg",
        cover_small_file="covers/stored-300.jpg",
        waveform={"peaks": [0.1, 0.5, 0.25]},
    )
    Track.objects.filter(pk=draft.pk).update(
        audio_file="audio/draft.m4a", cover_url="https://img.example.com/d.png"
    )
    User.objects.filter(pk=alice.pk).update(avatar_file="avatars/alice.jpg")
    album = services.album_create(
        actor=alice,
        title="Album",
        artist="Alice",
        genre="pop",
        release_date=timezone.now(),
        track_ids=[published.pk, uploaded.pk],
    )
    playlist = services.playlist_create(actor=alice, title="Mix", visibility="public")
    services.playlist_items_add(
        actor=alice, playlist=playlist, track_ids=[published.pk, uploaded.pk, draft.pk]
    )
    for fan in (bob, staff):
        services.like_create(actor=fan, track=published)
        services.follow_create(actor=fan, following=alice)
        services.play_record(actor=fan, track=uploaded, duration=12.5)
        services.download_record(actor=fan, track=uploaded)
    services.play_record(actor=None, track=published, duration=200.0)
    services.repost_create(actor=bob, track=published)
    return {
        "alice": alice,
        "bob": bob,
        "staff": staff,
        "published": published,
        "uploaded": uploaded,
        "album": album,
        "playlist": playlist,
    }


REST_PATHS = [
    "/musewave/tracks/?limit=50",
    "/musewave/tracks/?sortBy=title&sortOrder=asc",
    "/musewave/tracks/{uploaded}/",
    "/musewave/users/",
    "/musewave/users/{alice}/",
    "/musewave/artists/",
    "/musewave/users/{alice}/albums",
    "/musewave/albums/{album}",
    "/musewave/users/{bob}/likes/",
    "/musewave/users/{bob}/plays/",
    "/musewave/tracks/{uploaded}/plays/",
    "/musewave/tracks/{uploaded}/downloads/",
    "/musewave/users/{alice}/followers/",
    "/musewave/users/{bob}/following/",
    "/musewave/users/{alice}/playlists/",
    "/musewave/playlists/{playlist}/",
    "/musewave/search/?q=summer",
    "/musewave/notifications/",
    "/musewave/feed/",
]
EXPRESS_PATHS = [
    "/api/tracks",
    "/api/tracks/{uploaded}",
    "/api/users",
    "/api/users/{alice}",
    "/api/albums/{album}",
    "/api/users/{bob}/likes",
    "/api/tracks/{uploaded}/plays",
    "/api/users/{alice}/followers",
    "/api/search?q=summer",
]


def drf_path(monkeypatch) -> None:
    """Answers as DRF alone gives them: its attribute lookup, deep-copied fields, no deferred
    columns, its own JSON renderer and the camel-case library's own renderer."""
    monkeypatch.setattr(Shape, "to_representation", serializers.Serializer.to_representation)
    monkeypatch.setattr(Shape, "get_fields", lambda self: copy.deepcopy(self._declared_fields))
    monkeypatch.setattr(Shape, "unshown_fields", ())
    monkeypatch.setattr(FastJSONRenderer, "render", JSONRenderer.render)
    monkeypatch.setattr(FastCamelCaseJSONRenderer, "render", CamelCaseJSONRenderer.render)


@pytest.mark.parametrize("who", [None, "alice", "staff"])
@pytest.mark.parametrize("path", REST_PATHS + EXPRESS_PATHS)
def test_answers_are_the_bytes_drf_gives(catalogue, monkeypatch, path, who):
    url = path.format(**{name: getattr(obj, "pk", None) for name, obj in catalogue.items()})
    extra = bearer(catalogue[who]) if who else {}
    # One moment for both answers: a draft's signed stream link expires a set time after it.
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)
    fast = JsonClient().get(url, **extra)
    with monkeypatch.context() as patch:
        drf_path(patch)
        reference = JsonClient().get(url, **extra)
    # Every list answers a signed-in user (the feed and notifications are only for them).
    assert fast.status_code == 200 or who is None, fast.content[:300]
    assert fast.status_code == reference.status_code
    assert fast.content == reference.content
    assert fast["Content-Type"] == reference["Content-Type"]


def test_a_track_list_reads_no_unshown_column_and_shows_the_same_fields(catalogue):
    with CaptureQueriesContext(connection) as queries:
        body = JsonClient().get("/musewave/tracks/", **bearer(catalogue["alice"])).json()
    assert len(body) == 3
    # One query for the page, none for a column left unread.
    track_queries = [q["sql"] for q in queries if 'FROM "musewave_track"' in q["sql"]]
    assert len(track_queries) == 1
    columns = {Track._meta.get_field(name).column for name in TrackSerializer.unshown_fields}
    assert len(columns) == 13
    assert all(f'"musewave_track"."{column}"' not in track_queries[0] for column in columns)
    assert '"musewave_track"."audio_file"' in track_queries[0]
    # The detail, in either dialect, leaves them unread too, in one query.
    pk = catalogue["uploaded"].pk
    for path in (f"/musewave/tracks/{pk}/", f"/api/tracks/{pk}"):
        with CaptureQueriesContext(connection) as queries:
            detail = JsonClient().get(path)
        assert detail.status_code == 200
        track_queries = [q["sql"] for q in queries if 'FROM "musewave_track"' in q["sql"]]
        assert len(track_queries) == 1
        assert all(f'"musewave_track"."{column}"' not in track_queries[0] for column in columns)
    # And shows exactly the list's fields.
    assert list(JsonClient().get(f"/musewave/tracks/{pk}/").json()) == list(body[0])


def test_a_shape_reads_the_attributes_drf_would(catalogue):
    """Attribute lookups the fast path leaves to DRF: nested sources, a whole-object source, a
    missing attribute with a default, a method."""

    class Row:
        title = "Title"
        album = None

        def plays(self):
            return 7

    class Nested(Shape):
        title = serializers.CharField()

    class Sample(Shape):
        title = serializers.CharField()
        plays = serializers.IntegerField()
        album_title = serializers.CharField(source="album.title", allow_null=True)
        whole = Nested(source="*")
        missing = serializers.CharField(required=False)
        fallback = serializers.CharField(default="none")

    row = Row()
    fast = Sample(row).data
    reference = serializers.Serializer.to_representation(Sample(row), row)
    assert (
        fast
        == reference
        == {
            "title": "Title",
            "plays": 7,
            "album_title": None,
            "whole": {"title": "Title"},
            "fallback": "none",
        }
    )
    # A mapping goes DRF's way whole.
    assert Sample({"title": "T", "plays": 1, "album": None}).data["plays"] == 1


def test_a_shape_converts_every_value_not_of_the_fields_own_type():
    """Values of a field's own type are shown as they are; any other goes through the field,
    as DRF would convert it (a bool counted as an int, an int shown as a float)."""

    class Label(str):
        pass

    class Sample(Shape):
        text = serializers.CharField()
        count = serializers.IntegerField()
        ratio = serializers.FloatField()
        flag = serializers.BooleanField()

    class Row:
        def __init__(self, **values):
            self.__dict__.update(values)

    rows = [
        Row(text="a", count=3, ratio=0.5, flag=True),
        Row(text=Label("b"), count=True, ratio=2, flag=1),
        Row(text=7, count="8", ratio="0.25", flag="false"),
        Row(text=None, count=None, ratio=None, flag=None),
    ]
    fast = [Sample(row).data for row in rows]
    reference = [serializers.Serializer.to_representation(Sample(row), row) for row in rows]
    assert fast == reference
    assert fast == [
        {"text": "a", "count": 3, "ratio": 0.5, "flag": True},
        {"text": "b", "count": 1, "ratio": 2.0, "flag": True},
        {"text": "7", "count": 8, "ratio": 0.25, "flag": False},
        {"text": None, "count": None, "ratio": None, "flag": None},
    ]
    assert [type(value) for value in fast[1].values()] == [str, int, float, bool]


@pytest.mark.parametrize(
    "data",
    [
        {"a": 1, "b": [1, 2.5, None, True, False], "c": "é\u2028x\u2029", "d": ""},
        {
            "at": datetime.datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.UTC),
            "day": datetime.date(2026, 1, 1),
            "time": datetime.time(1, 2, 3, 4000),
            "naive": datetime.datetime(2026, 1, 2, 3, 4, 5),
            "span": datetime.timedelta(seconds=90),
        },
        {
            "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
            "amount": decimal.Decimal("1.50"),
            "lazy": gettext_lazy("Not found."),
            "error": ErrorDetail("bad", code="invalid"),
        },
        ReturnList(
            [{"x": 1}, {"y": [ReturnDict({"z": "\x00\x1f\x7f"}, serializer=None)]}],
            serializer=None,
        ),
        {1: "int key", None: "null key", False: "bool key"},
        {"beyond 64 bits": 2**70},
        [[], {}, 0, -0.0, 1e20, 123456789.125],
    ],
)
def test_the_renderer_writes_drf_bytes(data):
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


@pytest.mark.parametrize(
    "data",
    [
        {"user_id": 1, "a_1": 2, "_private": 3, "a__b": 4, "trailing_": 5, "HTTP_X": 6},
        {"already_camelCase": {"nested_key": [{"deep_key": None}, ("in_tuple", 1)]}},
        {gettext_lazy("lazy_key"): gettext_lazy("lazy value"), "error": ErrorDetail("bad")},
        ReturnList([ReturnDict({"track_id": "x"}, serializer=None)], serializer=None),
        {1: "int key", None: "null key", "day_2026_01_01": {"2026-01-01": 3}},
        {"at_time": datetime.datetime(2026, 1, 2, 3, 4, 5, 6000, tzinfo=datetime.UTC)},
        {"one_of": frozenset({"only_one"}), "bytes_value": b"ab", "big_number": 2**70},
        ["plain", 1, 2.5, True, None, [], {}],
    ],
)
def test_the_camel_case_renderer_writes_the_librarys_bytes(data):
    assert FastCamelCaseJSONRenderer().render(data) == CamelCaseJSONRenderer().render(data)


@pytest.mark.parametrize("microsecond", [0, 1, 999, 1000, 123456, 999999])
def test_a_timestamp_cut_to_milliseconds_is_the_one_isoformat_writes(microsecond):
    # Two hours east of UTC, so that the cut follows the conversion.
    zone = datetime.timezone(datetime.timedelta(hours=2))
    moment = datetime.datetime(2026, 2, 9, 0, 30, 5, microsecond, tzinfo=zone)
    expected = moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds")
    expected = expected.replace("+00:00", "Z")
    assert in_milliseconds(utc_timestamp(moment)) == expected
    assert expected == f"2026-02-08T22:30:05.{microsecond // 1000:03d}Z"


def test_the_renderer_keeps_drf_indentation_and_empty_answers():
    data = {"a": [1, {"b": None}]}
    indented = "application/json; indent=2"
    assert FastJSONRenderer().render(data, indented) == JSONRenderer().render(data, indented)
    assert FastJSONRenderer().render(None) == b""
