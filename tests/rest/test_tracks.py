"""Tracks: list with filters and sorting, detail, create, update, delete and statistics."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from musewave import services
from musewave.models import Like, Track
from tests.rest.conftest import SUCCESS, TRACK, TRACK_STATS, assert_list_of, assert_shape


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.json()
    assert_list_of(response.json(), TRACK)
    return [t["id"] for t in response.json()]


def _new_track(user, **fields) -> dict:
    return {
        "user_id": str(user.pk),
        "title": "Night Drive",
        "artist": "Alice",
        "artist_slug": "alice",
        "genre": "synthwave",
        "audio_url": "https://cdn.example.com/night.mp3",
        "audio_file_size": 5_000_000,
        "audio_duration": 240,
        "audio_format": "mp3",
        **fields,
    }


def test_track_list_newest_first_with_drafts(api, alice, make_track):
    first = make_track(owner=alice)
    draft = make_track(owner=alice, published=False)
    assert _ids(api.get("/musewave/tracks/")) == [str(draft.pk), str(first.pk)]


def test_track_list_shape_and_values(api, track):
    (body,) = api.get("/musewave/tracks/").json()
    assert_shape(body, TRACK)
    assert body["id"] == str(track.pk)
    assert body["user_id"] == str(track.owner_id)
    assert body["tags"] == ["summer", "chill"]
    assert body["audio_duration"] == 200.0
    assert (body["plays"], body["likes"], body["downloads"], body["shares"]) == (0, 0, 0, 0)
    assert body["album_id"] is None
    assert body["waveform_data"] is None


def test_track_list_filters(api, alice, bob, make_track):
    rock = make_track(owner=alice, genre="Rock", mood="Calm", tags=["a", "b"])
    make_track(owner=alice, genre="jazz", mood="calm", tags=["a"])
    bobs = make_track(owner=bob, genre="rock", published=False, tags=["b"])
    assert _ids(api.get(f"/musewave/tracks/?userId={bob.pk}")) == [str(bobs.pk)]
    assert _ids(api.get(f"/musewave/tracks/?user_id={bob.pk}")) == [str(bobs.pk)]
    assert _ids(api.get("/musewave/tracks/?genre=ROCK")) == [str(bobs.pk), str(rock.pk)]
    assert _ids(api.get("/musewave/tracks/?genre=rock&mood=CALM")) == [str(rock.pk)]
    assert _ids(api.get("/musewave/tracks/?published=false")) == [str(bobs.pk)]
    assert len(_ids(api.get("/musewave/tracks/?published=yes"))) == 3
    assert _ids(api.get("/musewave/tracks/?userId=00000000-0000-0000-0000-000000000000")) == []


@pytest.mark.parametrize("param", ["userId", "user_id"])
def test_track_list_refuses_a_malformed_user_id_on_its_parameter(api, track, param):
    response = api.get(f"/musewave/tracks/?{param}=zzz")
    assert response.status_code == 400
    assert response.json() == {"error": {param: ["“zzz” is not a valid UUID."]}}


def test_track_list_tags_filter_needs_every_tag(api, alice, make_track):
    both = make_track(owner=alice, tags=["Summer", "chill"])
    make_track(owner=alice, tags=["summer"])
    make_track(owner=alice, tags=["summertime", "chill"])
    assert _ids(api.get("/musewave/tracks/?tags=summer,%20CHILL")) == [str(both.pk)]
    assert len(_ids(api.get("/musewave/tracks/?tags=summer"))) == 2
    assert _ids(api.get("/musewave/tracks/?tags=jazz")) == []


@pytest.mark.parametrize("sort_by", ["plays", "likes", "downloads"])
def test_track_list_sorts_by_counter(api, alice, make_track, sort_by):
    low, high = make_track(owner=alice), make_track(owner=alice)
    Track.objects.filter(pk=low.pk).update(**{sort_by: 1})
    Track.objects.filter(pk=high.pk).update(**{sort_by: 5})
    newest_last = make_track(owner=alice)
    expected = [str(high.pk), str(low.pk), str(newest_last.pk)]
    assert _ids(api.get(f"/musewave/tracks/?sortBy={sort_by}")) == expected
    assert _ids(api.get(f"/musewave/tracks/?sortBy={sort_by}&sortOrder=asc")) == expected[::-1]


def test_track_list_sorts_by_title_and_dates(api, alice, make_track):
    b = make_track(owner=alice, title="bravo")
    a = make_track(owner=alice, title="alpha")
    c = make_track(owner=alice, title="charlie", published=False)
    assert _ids(api.get("/musewave/tracks/?sortBy=title&sortOrder=asc")) == [
        str(a.pk),
        str(b.pk),
        str(c.pk),
    ]
    assert _ids(api.get("/musewave/tracks/?sortBy=title")) == [str(c.pk), str(b.pk), str(a.pk)]
    assert _ids(api.get("/musewave/tracks/?sortBy=createdAt&sortOrder=asc")) == [
        str(b.pk),
        str(a.pk),
        str(c.pk),
    ]
    # Drafts have no published_at and come last either way.
    assert _ids(api.get("/musewave/tracks/?sortBy=publishedAt"))[-1] == str(c.pk)
    assert _ids(api.get("/musewave/tracks/?sortBy=published_at&sortOrder=asc"))[-1] == str(c.pk)


@pytest.mark.parametrize("sort_by", ["password", "audio_duration", "audioDuration"])
def test_track_list_bad_sort_field_is_400(api, track, sort_by):
    """Only the contract's sorts: a field the core could sort by is still refused here."""
    response = api.get(f"/musewave/tracks/?sortBy={sort_by}")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "sortBy": [
                f"Unknown sort field “{sort_by}”; use one of ['created_at', 'downloads', "
                "'likes', 'plays', 'published_at', 'title']."
            ]
        }
    }


@pytest.mark.parametrize("param", ["userId", "user_id"])
def test_track_list_malformed_owner_is_400_on_the_parameter_sent(api, track, param):
    response = api.get(f"/musewave/tracks/?{param}=nope")
    assert response.status_code == 400
    assert response.json() == {"error": {param: ["“nope” is not a valid UUID."]}}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("limit=0", 1), ("limit=-5", 1), ("limit=2", 2), ("limit=99999999999999999999", 3)],
)
def test_track_list_limit_is_clamped(api, alice, make_track, query, expected):
    for _ in range(3):
        make_track(owner=alice)
    assert len(_ids(api.get(f"/musewave/tracks/?{query}"))) == expected


def test_track_list_limit_at_most_200(api, alice):
    Track.objects.bulk_create(
        Track(
            owner=alice,
            title=f"t{i}",
            artist="a",
            artist_slug="a",
            genre="g",
            audio_url="https://cdn.example.com/u.mp3",
            audio_file_size=1,
            audio_duration=1.0,
            audio_format="mp3",
        )
        for i in range(205)
    )
    assert len(_ids(api.get("/musewave/tracks/?limit=1000"))) == 200
    assert len(_ids(api.get("/musewave/tracks/"))) == 50


@pytest.mark.parametrize(
    ("query", "expected"), [("offset=1", 1), ("offset=-3", 2), ("offset=" + "9" * 30, 0)]
)
def test_track_list_offset(api, alice, make_track, query, expected):
    make_track(owner=alice)
    make_track(owner=alice)
    assert len(_ids(api.get(f"/musewave/tracks/?{query}"))) == expected


@pytest.mark.parametrize("name", ["limit", "offset"])
@pytest.mark.parametrize("value", ["abc", "1.5", "1e3", ""])
def test_track_list_non_integer_page_params(api, track, name, value):
    response = api.get(f"/musewave/tracks/?{name}={value}")
    if value == "":
        # An empty parameter is as good as none.
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.json() == {"error": {name: ["A valid integer is required."]}}


def test_track_list_queries_do_not_grow_with_tracks(api, alice, make_track):
    for _ in range(5):
        make_track(owner=alice)
    with CaptureQueriesContext(connection) as queries:
        assert len(_ids(api.get("/musewave/tracks/"))) == 5
    assert len(queries) == 1


def test_track_detail(api, track):
    response = api.get(f"/musewave/tracks/{track.pk}/")
    assert response.status_code == 200
    assert_shape(response.json(), TRACK)
    assert response.json()["title"] == "Summer Vibes"


def test_track_detail_unknown_is_404(api):
    response = api.get(f"/musewave/tracks/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_track_detail_malformed_is_400(api):
    response = api.get("/musewave/tracks/nope/")
    assert response.status_code == 400
    assert response.json() == {"error": {"track_id": ["“nope” is not a valid UUID."]}}


def test_track_create(api, alice):
    response = api.post(
        "/musewave/tracks/create/",
        _new_track(alice, tags=["Night", "drive"], bpm=120, key="Am", description=None),
    )
    assert response.status_code == 201
    body = response.json()
    assert_shape(body, TRACK)
    assert body["user_id"] == str(alice.pk)
    assert body["audio_duration"] == 240.0
    assert body["tags"] == ["night", "drive"]
    assert body["published"] is False
    assert body["published_at"] is None
    assert (body["plays"], body["likes"], body["downloads"], body["shares"]) == (0, 0, 0, 0)
    assert Track.objects.get(pk=body["id"]).owner == alice


def test_track_create_published_sets_published_at(api, alice):
    response = api.post("/musewave/tracks/create/", _new_track(alice, published=True))
    assert response.status_code == 201
    assert response.json()["published"] is True
    published_at = datetime.fromisoformat(response.json()["published_at"])
    assert abs((datetime.now(UTC) - published_at).total_seconds()) < 60


def test_track_create_requires_fields(api):
    response = api.post("/musewave/tracks/create/", {})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            name: ["This field is required."]
            for name in (
                "user_id",
                "title",
                "artist",
                "artist_slug",
                "genre",
                "audio_url",
                "audio_file_size",
                "audio_duration",
                "audio_format",
            )
        }
    }


def test_track_create_unknown_user_is_404(api, alice):
    response = api.post("/musewave/tracks/create/", _new_track(alice, user_id=str(uuid.uuid4())))
    assert response.status_code == 404
    assert response.json() == {"error": "User not found"}
    assert not Track.objects.exists()


def test_track_create_malformed_user_id_is_400(api, alice):
    response = api.post("/musewave/tracks/create/", _new_track(alice, user_id="alice"))
    assert response.status_code == 400
    assert response.json() == {"error": {"user_id": ["Must be a valid UUID."]}}


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"genre": "g" * 51}, "genre"),
        ({"audio_format": "f" * 21}, "audio_format"),
        ({"key": "k" * 11}, "key"),
        ({"bpm": 0}, "bpm"),
        ({"audio_duration": -1}, "audio_duration"),
        ({"audio_file_size": -1}, "audio_file_size"),
        ({"audio_file_size": 10**30}, "audio_file_size"),
        ({"audio_duration": "long"}, "audio_duration"),
        ({"tags": "summer"}, "tags"),
        ({"tags": [1, {"x": 2}]}, "tags"),
        ({"published": "maybe"}, "published"),
        ({"title": "a\u0000b"}, "title"),
    ],
)
def test_track_create_invalid_values(api, alice, fields, bad):
    response = api.post("/musewave/tracks/create/", _new_track(alice, **fields))
    assert response.status_code == 400, response.json()
    errors = response.json()["error"]
    assert list(errors) == [bad]
    assert errors[bad] and all(isinstance(m, str) for m in errors[bad])
    assert not Track.objects.exists()


def test_track_create_infinite_duration_is_400(api, alice):
    body = json.dumps(_new_track(alice)).replace('"audio_duration": 240', '"audio_duration": 1e400')
    response = api.post("/musewave/tracks/create/", body)
    assert response.status_code == 400
    assert response.json() == {"error": {"audio_duration": ["A valid number is required."]}}
    assert not Track.objects.exists()


def test_track_update(api, track):
    response = api.patch(
        f"/musewave/tracks/{track.pk}/update/",
        {"title": "Winter Vibes", "tags": ["Snow"], "bpm": None, "user_id": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    body = response.json()
    assert_shape(body, TRACK)
    assert (body["title"], body["tags"]) == ("Winter Vibes", ["snow"])
    # user_id cannot be changed.
    assert body["user_id"] == str(track.owner_id)
    track.refresh_from_db()
    assert track.title == "Winter Vibes"


def test_track_update_publishing_sets_published_at(api, alice, make_track):
    draft = make_track(owner=alice, published=False)
    response = api.patch(f"/musewave/tracks/{draft.pk}/update/", {"published": True})
    assert response.status_code == 200
    assert response.json()["published"] is True
    assert response.json()["published_at"] is not None
    draft.refresh_from_db()
    assert draft.published_at is not None


def test_track_update_invalid_changes_nothing(api, track):
    response = api.patch(f"/musewave/tracks/{track.pk}/update/", {"title": "", "bpm": "fast"})
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"title", "bpm"}
    track.refresh_from_db()
    assert track.title == "Summer Vibes"


def test_track_update_unknown_is_404(api):
    response = api.patch(f"/musewave/tracks/{uuid.uuid4()}/update/", {"title": "x"})
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_track_delete(api, track, bob):
    services.like_create(actor=bob, track=track)
    response = api.delete(f"/musewave/tracks/{track.pk}/delete/")
    assert response.status_code == 200
    assert response.json() == SUCCESS
    assert not Track.objects.filter(pk=track.pk).exists()
    assert not Like.objects.exists()


def test_track_delete_unknown_is_404(api):
    response = api.delete(f"/musewave/tracks/{uuid.uuid4()}/delete/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_track_stats(api, track, alice, bob, settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0
    with freeze_time(datetime(2026, 2, 9, 10, 0, tzinfo=UTC)):
        services.play_record(actor=bob, track=track, duration=190.0)
        services.play_record(actor=None, track=track, duration=20.0, completed=True)
        services.play_record(actor=None, track=track, duration=30.0)
    response = api.get(f"/musewave/tracks/{track.pk}/stats/")
    assert response.status_code == 200
    body = response.json()
    assert_shape(body, TRACK_STATS)
    assert body["track_id"] == str(track.pk)
    assert body["daily_plays"] == {"2026-02-09": 3}
    assert body["total_unique_listeners"] == 2
    assert body["avg_listen_duration"] == pytest.approx(80.0)
    assert body["completion_rate"] == pytest.approx(200 / 3)
    assert "total_plays" not in body


def test_track_stats_without_plays(api, track):
    body = api.get(f"/musewave/tracks/{track.pk}/stats/").json()
    assert_shape(body, TRACK_STATS)
    assert (body["daily_plays"], body["total_unique_listeners"]) == ({}, 0)
    assert (body["avg_listen_duration"], body["completion_rate"]) == (0.0, 0.0)


def test_track_stats_unknown_is_404(api):
    response = api.get(f"/musewave/tracks/{uuid.uuid4()}/stats/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}
