from datetime import timedelta

import pytest
from django.utils import timezone

from musewave import services
from musewave.errors import PermissionDenied, ValidationFailed
from musewave.models import Album, Comment, Like, Play, Track
from musewave.selectors.tracks import tracks_filtered


def test_track_create_starts_counters_at_zero_and_normalises_tags(make_track, alice):
    track = make_track(owner=alice, tags=[" Summer", "CHILL", "summer", ""], published=False)
    track.refresh_from_db()
    assert (track.plays, track.likes, track.downloads, track.shares) == (0, 0, 0, 0)
    assert track.tags == ["summer", "chill"]
    assert track.published_at is None
    assert track.owner == alice


def test_track_created_published_gets_published_at(make_track, alice):
    before = timezone.now()
    track = make_track(owner=alice, published=True)
    assert before <= track.published_at <= timezone.now()


def test_publishing_a_draft_sets_published_at(make_track, alice):
    track = make_track(owner=alice, published=False)
    services.track_update(actor=alice, track=track, data={"published": True})
    track.refresh_from_db()
    assert track.published and track.published_at is not None
    stamp = track.published_at
    services.track_update(actor=alice, track=track, data={"title": "Renamed"})
    track.refresh_from_db()
    assert track.published_at == stamp


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"title": ""}, {"title": ["This field is required."]}),
        (
            {"genre": "g" * 51},
            {"genre": ["Ensure this value has at most 50 characters (it has 51)."]},
        ),
        ({"bpm": 0}, {"bpm": ["Ensure this value is greater than or equal to 1."]}),
        ({"audio_duration": float("inf")}, {"audio_duration": ["Enter a finite number."]}),
        ({"audio_file_size": "big"}, {"audio_file_size": ["“big” value must be an integer."]}),
        ({"tags": "rock"}, {"tags": ["Tags must be a list of strings."]}),
    ],
)
def test_track_create_validation(make_track, alice, fields, errors):
    with pytest.raises(ValidationFailed) as exc:
        make_track(owner=alice, **fields)
    assert exc.value.errors == errors
    assert not Track.objects.exists()


def test_track_update_refuses_what_only_the_server_sets_and_changes_nothing(track, alice):
    with pytest.raises(ValidationFailed) as exc:
        services.track_update(actor=alice, track=track, data={"title": "New", "plays": 1000})
    assert exc.value.errors == {"plays": ["This field cannot be set."]}
    track.refresh_from_db()
    assert (track.title, track.plays) == ("Summer Vibes", 0)


def test_track_update_by_another_user_is_refused_and_changes_nothing(track, bob):
    with pytest.raises(PermissionDenied):
        services.track_update(actor=bob, track=track, data={"title": "Mine now"})
    with pytest.raises(PermissionDenied):
        services.track_delete(actor=bob, track=track)
    track.refresh_from_db()
    assert track.title == "Summer Vibes"


def test_track_update_refuses_invalid_values_and_changes_nothing(track, alice):
    with pytest.raises(ValidationFailed) as exc:
        services.track_update(actor=alice, track=track, data={"title": "", "genre": "pop"})
    assert exc.value.errors == {"title": ["This field is required."]}
    track.refresh_from_db()
    assert (track.title, track.genre) == ("Summer Vibes", "electronic")


def test_track_delete_removes_its_activity(track, alice, bob):
    services.like_create(actor=bob, track=track)
    services.play_record(actor=bob, track=track, duration=10)
    services.comment_create(actor=bob, track=track, body="Nice")
    services.track_delete(actor=alice, track=track)
    assert not Track.objects.exists()
    assert (Like.objects.count(), Play.objects.count(), Comment.objects.count()) == (0, 0, 0)


def test_album_gathers_only_its_owners_tracks(make_track, alice, bob):
    mine = make_track(owner=alice)
    theirs = make_track(owner=bob)
    release = timezone.now()
    with pytest.raises(ValidationFailed) as exc:
        services.album_create(
            actor=alice,
            title="Debut",
            artist="Alice",
            genre="pop",
            release_date=release,
            track_ids=[mine.pk, theirs.pk],
        )
    assert exc.value.errors == {
        "track_ids": [f"Track {theirs.pk} does not exist or does not belong to this user."]
    }
    assert not Album.objects.exists()
    mine.refresh_from_db()
    assert mine.album_id is None


def test_album_update_replaces_its_track_list_and_delete_keeps_tracks(make_track, alice):
    first, second = make_track(owner=alice), make_track(owner=alice)
    album = services.album_create(
        actor=alice,
        title="Debut",
        artist="Alice",
        genre="pop",
        release_date=timezone.now(),
        track_ids=[str(first.pk)],
    )
    first.refresh_from_db()
    assert first.album_id == album.pk
    services.album_update(
        actor=alice, album=album, data={"title": "Debut LP"}, track_ids=[second.pk]
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.album_id, second.album_id) == (None, album.pk)
    services.album_delete(actor=alice, album=album)
    second.refresh_from_db()
    assert second.album_id is None
    assert Track.objects.count() == 2


def test_album_track_ids_must_be_uuids(alice):
    with pytest.raises(ValidationFailed) as exc:
        services.album_create(
            actor=alice,
            title="Debut",
            artist="Alice",
            genre="pop",
            release_date=timezone.now(),
            track_ids=["nope"],
        )
    assert exc.value.errors == {"track_ids": ["“nope” is not a valid UUID."]}


def test_track_list_filters_and_sorts(make_track, alice, bob):
    a = make_track(owner=alice, title="B side", genre="Rock", mood="Dark", tags=["night", "live"])
    b = make_track(owner=alice, title="A side", genre="rock", tags=["night"])
    c = make_track(owner=bob, title="C side", genre="jazz", published=False)
    Track.objects.filter(pk=b.pk).update(plays=5)
    by_title = tracks_filtered(viewer=None, genre="ROCK", order_by="title", descending=False)
    assert list(by_title) == [b, a]
    assert list(tracks_filtered(viewer=None, tags="Night,live")) == [a]
    assert list(tracks_filtered(viewer=None, mood="dark")) == [a]
    assert tracks_filtered(viewer=None, order_by="plays").first() == b
    assert c not in tracks_filtered(viewer=None)
    assert c in tracks_filtered(viewer=bob)
    assert c in tracks_filtered(viewer=None, include_drafts=True, published=False)
    for name in ("owner_id", "album_id"):
        with pytest.raises(ValidationFailed) as exc:
            tracks_filtered(viewer=None, **{name: "not-a-uuid"})
        assert exc.value.errors == {name: ["“not-a-uuid” is not a valid UUID."]}
    future = timezone.now() + timedelta(days=1)
    assert list(tracks_filtered(viewer=None, created_after=future)) == []
    with pytest.raises(ValidationFailed) as exc:
        tracks_filtered(viewer=None, order_by="password")
    # The core names its own argument; each API words the error for its own parameter.
    assert list(exc.value.errors) == ["order_by"]
    assert exc.value.message.startswith("Unknown sort field “password”; use one of [")
    assert "audio_duration" in exc.value.message and "tags" not in exc.value.message


@pytest.mark.parametrize("fields", [{"title": "a\x00b"}, {"tags": ["ok", "b\x00"]}])
def test_null_characters_are_refused_on_every_engine(make_track, alice, fields):
    with pytest.raises(ValidationFailed) as exc:
        make_track(owner=alice, **fields)
    assert exc.value.errors == {next(iter(fields)): ["Null characters are not allowed."]}
    assert not Track.objects.exists()


@pytest.mark.parametrize("filters", [{"genre": "ro\x00ck"}, {"mood": "\x00"}, {"tags": "a,b\x00"}])
def test_filters_with_null_characters_are_refused_not_crashed(db, filters):
    with pytest.raises(ValidationFailed) as exc:
        list(tracks_filtered(viewer=None, **filters))
    assert exc.value.errors == {next(iter(filters)): ["Null characters are not allowed."]}


def test_username_with_a_null_character_is_not_found(db):
    from musewave.errors import NotFound
    from musewave.selectors.users import user_get_by_username

    with pytest.raises(NotFound):
        user_get_by_username(username="ali\x00ce")
