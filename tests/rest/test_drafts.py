"""Drafts in activity lists and album counts: with MUSEWAVE_REQUIRE_AUTH on, a draft (and its
likes, plays and downloads) is seen by its owner and staff only; legacy deployments show it to
everyone, as the old server did."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musewave import services
from musewave.models import Download, Play, User
from musewave.selectors.listening import downloads_of, plays_of
from musewave.selectors.social import likes_of
from musewave.services.auth import auth_login
from tests.conftest import PASSWORD


@pytest.fixture
def staff(make_user) -> User:
    user = make_user(username="staff")
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def catalogue(alice, bob, staff, make_track):
    """Alice's published track and draft, both liked, played and downloaded by bob, on one
    album."""
    published = make_track(owner=alice, title="Out")
    draft = make_track(owner=alice, title="Draft", published=False)
    for track in (published, draft):
        services.like_create(actor=bob, track=track)
        services.play_record(actor=bob, track=track, duration=5)
        services.download_record(actor=bob, track=track)
    album = services.album_create(
        actor=alice,
        title="Both",
        artist="Alice",
        genre="pop",
        release_date="2026-01-01T00:00:00Z",
        track_ids=[published.pk, draft.pk],
    )
    return {"published": published, "draft": draft, "album": album}


def headers(who: str | None) -> dict[str, str]:
    if who is None:
        return {}
    _, tokens = auth_login(username_or_email=who, password=PASSWORD)
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


WHO_SEES_DRAFTS = [(None, False), ("bob", False), ("alice", True), ("staff", True)]


@pytest.mark.parametrize("suffix", ["plays/", "downloads/"])
@pytest.mark.parametrize(("who", "sees_draft"), WHO_SEES_DRAFTS)
def test_a_drafts_plays_and_downloads_are_its_owners(
    api, catalogue, settings, suffix, who, sees_draft
):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    draft = catalogue["draft"]
    response = api.get(f"/musewave/tracks/{draft.pk}/{suffix}", **headers(who))
    if sees_draft:
        assert response.status_code == 200
        assert [row["track_id"] for row in response.json()] == [str(draft.pk)]
    else:
        assert response.status_code == 404
        assert response.json() == {"message": "Not found."}
    published = api.get(f"/musewave/tracks/{catalogue['published'].pk}/{suffix}", **headers(who))
    assert published.status_code == 200
    assert [row["track_id"] for row in published.json()] == [str(catalogue["published"].pk)]


@pytest.mark.parametrize("suffix", ["likes/", "plays/"])
@pytest.mark.parametrize(("who", "sees_draft"), WHO_SEES_DRAFTS)
def test_a_users_likes_and_plays_leave_out_drafts_the_viewer_cannot_see(
    api, catalogue, bob, settings, suffix, who, sees_draft
):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    response = api.get(f"/musewave/users/{bob.pk}/{suffix}", **headers(who))
    assert response.status_code == 200
    expected = (
        [catalogue["draft"], catalogue["published"]] if sees_draft else [catalogue["published"]]
    )
    assert [row["track_id"] for row in response.json()] == [str(t.pk) for t in expected]


@pytest.mark.parametrize(
    "path", ["users/{bob}/likes/", "users/{bob}/plays/", "tracks/{draft}/plays/"]
)
def test_legacy_deployments_list_drafts_activity_to_everyone(api, catalogue, bob, path):
    response = api.get("/musewave/" + path.format(bob=bob.pk, draft=catalogue["draft"].pk))
    assert response.status_code == 200
    assert str(catalogue["draft"].pk) in {row["track_id"] for row in response.json()}


@pytest.mark.parametrize("require_auth", [True, False])
def test_user_activity_lists_read_two_queries(
    api, catalogue, bob, settings, require_auth, django_assert_num_queries
):
    settings.MUSEWAVE_REQUIRE_AUTH = require_auth
    for suffix in ("likes", "plays"):
        # The user in the path, then the page of rows (visibility is a subquery of the latter).
        with django_assert_num_queries(2):
            assert api.get(f"/musewave/users/{bob.pk}/{suffix}/").status_code == 200


# --- Album track counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "sees_draft"), WHO_SEES_DRAFTS)
def test_album_track_count_counts_the_tracks_the_viewer_sees(
    api, catalogue, alice, settings, who, sees_draft
):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    album = catalogue["album"]
    expected = (
        [catalogue["draft"], catalogue["published"]] if sees_draft else [catalogue["published"]]
    )
    detail = api.get(f"/musewave/albums/{album.pk}", **headers(who)).json()
    assert detail["track_count"] == len(expected)
    assert sorted(t["id"] for t in detail["tracks"]) == sorted(str(t.pk) for t in expected)
    listed = api.get(f"/musewave/users/{alice.pk}/albums", **headers(who)).json()
    assert [a["track_count"] for a in listed] == [len(expected)]


def test_album_track_count_in_legacy_deployments_counts_drafts(api, catalogue, alice):
    detail = api.get(f"/musewave/albums/{catalogue['album'].pk}").json()
    assert (detail["track_count"], len(detail["tracks"])) == (2, 2)
    listed = api.get(f"/musewave/users/{alice.pk}/albums").json()
    assert [a["track_count"] for a in listed] == [2]


def test_album_writes_answer_the_owners_count_drafts_included(api, alice, make_track, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    draft, published = make_track(owner=alice, published=False), make_track(owner=alice)
    created = api.post(
        "/musewave/albums",
        {
            "user_id": str(alice.pk),
            "title": "Mine",
            "artist": "Alice",
            "genre": "pop",
            "release_date": "2026-01-01T00:00:00Z",
            "track_ids": [str(draft.pk), str(published.pk)],
        },
        **headers("alice"),
    )
    assert created.status_code == 201
    assert created.json()["track_count"] == 2
    updated = api.patch(
        f"/musewave/albums/{created.json()['id']}/update",
        {"track_ids": [str(draft.pk)]},
        **headers("alice"),
    )
    assert updated.status_code == 200
    assert updated.json()["track_count"] == 1
    anonymous = api.get(f"/musewave/albums/{created.json()['id']}").json()
    assert (anonymous["track_count"], anonymous["tracks"]) == (0, [])


# --- The selectors behind these lists -------------------------------------------------------------


def test_row_selectors_list_every_row_by_default(catalogue, bob):
    """Callers that pass no viewer get what they always got: drafts' rows too."""
    draft = catalogue["draft"]
    assert likes_of(user_id=bob.pk).count() == 2
    assert plays_of(user_id=bob.pk).count() == 2
    assert downloads_of(user_id=bob.pk).count() == 2
    assert list(plays_of(track_id=draft.pk)) == list(Play.objects.filter(track=draft))
    assert list(downloads_of(track_id=draft.pk)) == list(Download.objects.filter(track=draft))


@pytest.mark.parametrize(
    ("viewer", "include_drafts", "sees_draft"),
    [
        (None, False, False),
        ("bob", False, False),
        ("alice", False, True),
        ("staff", False, True),
        (None, True, True),
    ],
)
def test_row_selectors_filter_by_what_the_viewer_may_see(
    catalogue, alice, bob, staff, viewer, include_drafts, sees_draft
):
    viewer_user = {"alice": alice, "bob": bob, "staff": staff, None: None}[viewer]
    draft = catalogue["draft"]
    lists = [
        likes_of(user_id=bob.pk, viewer=viewer_user, include_drafts=include_drafts),
        plays_of(user_id=bob.pk, viewer=viewer_user, include_drafts=include_drafts),
        downloads_of(user_id=bob.pk, viewer=viewer_user, include_drafts=include_drafts),
        plays_of(track_id=draft.pk, viewer=viewer_user, include_drafts=include_drafts),
    ]
    for rows in lists:
        assert any(row.track_id == draft.pk for row in rows) is sees_draft
    # Newest first, ties by id: the draft's rows were written last.
    likes = list(lists[0])
    assert [like.track_id for like in likes] == (
        [draft.pk, catalogue["published"].pk] if sees_draft else [catalogue["published"].pk]
    )


def test_row_selector_with_a_viewer_is_one_query(catalogue, bob):
    with CaptureQueriesContext(connection) as queries:
        list(likes_of(user_id=bob.pk, viewer=None))
    assert len(queries) == 1


@pytest.mark.parametrize("parents", [{}, {"track_id": "x", "user_id": "y"}])
def test_row_selectors_take_exactly_one_parent(db, parents):
    with pytest.raises(TypeError, match="exactly one of track_id and user_id"):
        likes_of(**parents)
