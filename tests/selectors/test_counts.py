"""Per-row counts: exact values, one query for a whole list, no rows multiplied."""

import pytest

from musewave import services
from musewave.models import Album, Track, User
from musewave.selectors import counts


@pytest.fixture
def catalogue(alice, bob, make_user, make_track):
    carol = make_user(username="carol")
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=carol, following=alice)
    services.follow_create(actor=alice, following=bob)
    album = services.album_create(
        actor=alice, title="One", artist="Alice", genre="pop", release_date="2024-05-01T00:00Z"
    )
    services.album_create(
        actor=alice, title="Two", artist="Alice", genre="pop", release_date="2024-05-01T00:00Z"
    )
    out = make_track(owner=alice, title="Out")
    draft = make_track(owner=alice, title="Draft", published=False)
    make_track(owner=bob, title="Bob's")
    services.album_update(actor=alice, album=album, data={}, track_ids=[out.pk, draft.pk])
    for body in ("one", "two", "three"):
        services.comment_create(actor=bob, track=out, body=body)
    return {"carol": carol, "album": album}


def _users(**annotations) -> dict[str, tuple]:
    rows = User.objects.annotate(**annotations).order_by("username")
    return {u.username: tuple(getattr(u, name) for name in annotations) for u in rows}


def test_user_counts(catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = _users(
            n_followers=counts.follower_count(),
            n_following=counts.following_count(),
            n_albums=counts.album_count(),
        )
    assert figures == {"alice": (2, 1, 2), "bob": (1, 1, 0), "carol": (0, 1, 0)}


def test_visible_track_count_per_owner(catalogue, alice, bob, django_assert_num_queries):
    with django_assert_num_queries(1):
        anonymous = _users(n=counts.track_count(viewer=None, per="owner"))
    assert anonymous == {"alice": (1,), "bob": (1,), "carol": (0,)}
    assert _users(n=counts.track_count(viewer=alice, per="owner"))["alice"] == (2,)
    assert _users(n=counts.track_count(viewer=bob, per="owner"))["alice"] == (1,)
    drafts = counts.track_count(viewer=None, per="owner", include_drafts=True)
    assert _users(n=drafts)["alice"] == (2,)


def test_visible_track_count_per_album(catalogue, alice, bob):
    def per_album(viewer) -> dict[str, int]:
        albums = Album.objects.annotate(n=counts.track_count(viewer=viewer, per="album")).order_by(
            "title"
        )
        return {album.title: album.n for album in albums}

    assert per_album(bob) == {"One": 1, "Two": 0}
    assert per_album(alice) == {"One": 2, "Two": 0}


def test_comment_count_per_track(catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        tracks = Track.objects.annotate(n=counts.comment_count()).order_by("title")
        figures = {track.title: track.n for track in tracks}
    assert figures == {"Bob's": 0, "Draft": 0, "Out": 3}
