"""Tracks: reading with filters and ordering, drafts, and the track mutations."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from musewave import services
from musewave.models import Comment, Like, Track

from .conftest import OPERATION_INFO, assert_invalid_id, messages

TRACK = "query($id: ID!) { track(id: $id) { id title published owner { username } } }"
TITLES = """query($filter: TrackFilter, $orderBy: TrackOrder, $limit: Int, $offset: Int) {
    tracks(filter: $filter, orderBy: $orderBy, limit: $limit, offset: $offset) { title } }"""


def titles(gql, **variables) -> list[str]:
    return [t["title"] for t in gql.data(TITLES, variables)["tracks"]]


def test_track_by_id(gql, track):
    assert gql.data(TRACK, {"id": str(track.pk)}) == {
        "track": {
            "id": str(track.pk),
            "title": "Summer Vibes",
            "published": True,
            "owner": {"username": "alice"},
        }
    }


def test_unknown_track_is_null_and_a_malformed_id_an_error(gql, db):
    assert gql.data(TRACK, {"id": "00000000-0000-0000-0000-000000000000"}) == {"track": None}
    body = gql.execute(TRACK, {"id": "nope"})
    assert_invalid_id(body, field="id", value="nope", data={"track": None})


def test_all_fields_of_a_track(gql, track):
    query = """query($id: ID!) { track(id: $id) {
        title artist artistSlug description genre mood tags audioUrl audioFileSize audioDuration
        audioFormat coverUrl coverGradient waveformData bpm key plays likes downloads shares
        published publishedAt createdAt updatedAt album { id } commentCount comments { id } } }"""
    data = gql.data(query, {"id": str(track.pk)})["track"]
    assert data["tags"] == ["summer", "chill"]
    assert data["mood"] == "happy"
    assert data["audioFileSize"] == 4_000_000
    assert data["audioDuration"] == 200.0
    assert (data["plays"], data["likes"], data["downloads"], data["shares"]) == (0, 0, 0, 0)
    assert data["publishedAt"] is not None
    assert data["album"] is None
    assert data["commentCount"] == 0


class TestDrafts:
    """A draft is visible to its owner only: by id, in lists, nested and in connections."""

    @pytest.fixture
    def draft(self, make_track, alice):
        return make_track(owner=alice, title="Draft", published=False)

    def test_by_id(self, gql, draft, alice, bob):
        assert gql.data(TRACK, {"id": str(draft.pk)}) == {"track": None}
        gql.login(bob)
        assert gql.data(TRACK, {"id": str(draft.pk)}) == {"track": None}
        gql.login(alice)
        assert gql.data(TRACK, {"id": str(draft.pk)})["track"]["title"] == "Draft"

    def test_in_lists_and_nested(self, gql, draft, track, alice, bob):
        query = """{ tracks { title } tracksConnection { totalCount edges { node { title } } }
            user(username: "alice") { trackCount tracks { title } } }"""
        public = {
            "tracks": [{"title": "Summer Vibes"}],
            "tracksConnection": {"totalCount": 1, "edges": [{"node": {"title": "Summer Vibes"}}]},
            "user": {"trackCount": 1, "tracks": [{"title": "Summer Vibes"}]},
        }
        assert gql.data(query) == public
        gql.login(bob)
        assert gql.data(query) == public
        gql.login(alice)
        data = gql.data(query)
        assert [t["title"] for t in data["tracks"]] == ["Summer Vibes", "Draft"]
        assert data["tracksConnection"]["totalCount"] == 2
        assert data["user"]["trackCount"] == 2

    def test_published_filter_never_reveals_others_drafts(self, gql, draft, bob, make_track):
        make_track(owner=bob, title="Bob's draft", published=False)
        gql.login(bob)
        assert titles(gql, filter={"published": False}) == ["Bob's draft"]

    def test_in_album(self, gql, draft, track, alice):
        album = services.album_create(
            actor=alice,
            title="A",
            artist="Alice",
            genre="pop",
            release_date="2024-01-01T00:00Z",
            track_ids=[draft.pk, track.pk],
        )
        query = "query($id: ID!) { album(id: $id) { trackCount tracks { title } } }"
        assert gql.data(query, {"id": str(album.pk)})["album"] == {
            "trackCount": 1,
            "tracks": [{"title": "Summer Vibes"}],
        }
        gql.login(alice)
        assert gql.data(query, {"id": str(album.pk)})["album"]["trackCount"] == 2

    def test_in_liked_tracks_and_user_likes(self, gql, draft, bob):
        services.like_create(actor=bob, track=draft)
        query = """query($id: ID!) { user(id: $id) { likedTracks { title } }
            userLikes(userId: $id) { track { title } } }"""
        assert gql.data(query, {"id": str(bob.pk)}) == {
            "user": {"likedTracks": []},
            "userLikes": [],
        }


class TestFilters:
    @pytest.fixture(autouse=True)
    def tracks(self, alice, bob, make_track):
        make_track(owner=alice, title="a-rock", genre="rock", mood="Calm", tags=["Live", "90s"])
        make_track(owner=alice, title="a-pop", genre="pop", tags=["live"])
        make_track(owner=bob, title="b-rock", genre="Rock", mood="calm", tags=["90s"])

    def test_owner(self, gql, bob):
        assert titles(gql, filter={"ownerId": str(bob.pk)}) == ["b-rock"]

    def test_unknown_owner_matches_nothing(self, gql):
        assert titles(gql, filter={"ownerId": "00000000-0000-0000-0000-000000000000"}) == []

    @pytest.mark.parametrize("field", ["ownerId", "albumId"])
    def test_a_malformed_id_is_invalid(self, gql, field):
        body = gql.execute(TITLES, {"filter": {field: "nobody"}})
        assert_invalid_id(body, field=field, value="nobody", data=None)

    def test_genre_and_mood_ignore_case(self, gql):
        assert titles(gql, filter={"genre": "ROCK"}) == ["b-rock", "a-rock"]
        assert titles(gql, filter={"mood": "calm", "genre": "rock"}) == ["b-rock", "a-rock"]

    def test_tags_must_all_match(self, gql):
        assert titles(gql, filter={"tags": ["LIVE"]}) == ["a-pop", "a-rock"]
        assert titles(gql, filter={"tags": ["live", "90s"]}) == ["a-rock"]
        assert titles(gql, filter={"tags": ["live", "jazz"]}) == []

    def test_created_after_and_before(self, gql):
        Track.objects.filter(title="a-rock").update(created_at=timezone.now() - timedelta(days=10))
        cut = (timezone.now() - timedelta(days=5)).isoformat()
        assert titles(gql, filter={"createdBefore": cut}) == ["a-rock"]
        assert titles(gql, filter={"createdAfter": cut}) == ["b-rock", "a-pop"]


class TestOrdering:
    @pytest.fixture(autouse=True)
    def tracks(self, alice, make_track):
        for title, plays, likes, downloads in [("b", 5, 1, 9), ("c", 1, 7, 3), ("a", 3, 4, 1)]:
            track = make_track(owner=alice, title=title)
            Track.objects.filter(pk=track.pk).update(plays=plays, likes=likes, downloads=downloads)

    @pytest.mark.parametrize(
        ("field", "descending"),
        [
            ("CREATED_AT", ["a", "c", "b"]),
            ("PUBLISHED_AT", ["a", "c", "b"]),
            ("PLAYS", ["b", "a", "c"]),
            ("LIKES", ["c", "a", "b"]),
            ("DOWNLOADS", ["b", "c", "a"]),
            ("TITLE", ["c", "b", "a"]),
        ],
    )
    def test_each_field_in_both_directions(self, gql, field, descending):
        assert titles(gql, orderBy={"field": field}) == descending
        assert titles(gql, orderBy={"field": field, "direction": "ASC"}) == descending[::-1]

    def test_default_is_newest_first(self, gql):
        assert titles(gql) == ["a", "c", "b"]

    def test_pages(self, gql):
        assert titles(gql, orderBy={"field": "TITLE", "direction": "ASC"}, limit=2) == ["a", "b"]
        page = titles(gql, orderBy={"field": "TITLE", "direction": "ASC"}, limit=2, offset=2)
        assert page == ["c"]

    def test_connection_with_ordering_and_cursors(self, gql):
        query = """query($after: String) {
            tracksConnection(first: 2, after: $after, orderBy: {field: PLAYS}) {
                totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } }"""
        first = gql.data(query)["tracksConnection"]
        assert [e["node"]["title"] for e in first["edges"]] == ["b", "a"]
        assert first["totalCount"] == 3
        after = first["pageInfo"]["endCursor"]
        rest = gql.data(query, {"after": after})["tracksConnection"]
        assert [e["node"]["title"] for e in rest["edges"]] == ["c"]
        assert rest["pageInfo"]["hasNextPage"] is False


# --- mutations ----------------------------------------------------------------------------------

NEW_TRACK = {
    "title": "Night Drive",
    "artist": "Alice",
    "artistSlug": "alice",
    "genre": "synthwave",
    "audioUrl": "https://cdn.example.com/night.mp3",
    "audioFileSize": 5_000_000,
    "audioDuration": 180.5,
    "audioFormat": "mp3",
    "tags": ["Night", "drive", "night"],
}
CREATE = (
    "mutation($input: CreateTrackInput!) { createTrack(input: $input)"
    " { ... on Track { title tags published publishedAt plays owner { username } } "
    + OPERATION_INFO
    + " } }"
)
UPDATE = (
    "mutation($id: ID!, $input: UpdateTrackInput!) { updateTrack(id: $id, input: $input)"
    " { ... on Track { title mood published publishedAt } " + OPERATION_INFO + " } }"
)
DELETE = (
    "mutation($id: ID!) { deleteTrack(id: $id) { ... on Deleted { id } " + OPERATION_INFO + " } }"
)


def test_create_track_for_the_viewer(gql, alice):
    gql.login(alice)
    data = gql.data(CREATE, {"input": NEW_TRACK})["createTrack"]
    assert data == {
        "title": "Night Drive",
        "tags": ["night", "drive"],
        "published": False,
        "publishedAt": None,
        "plays": 0,
        "owner": {"username": "alice"},
    }
    assert Track.objects.get().owner == alice
    payload = gql.data(CREATE, {"input": {**NEW_TRACK, "published": True}})["createTrack"]
    assert payload["published"] is True
    assert payload["publishedAt"] is not None
    assert payload["owner"] == {"username": "alice"}


@pytest.mark.parametrize("require_auth", [False, True])
def test_create_track_without_a_token_is_refused_in_either_mode(gql, alice, settings, require_auth):
    settings.MUSEWAVE_REQUIRE_AUTH = require_auth
    payload = gql.data(CREATE, {"input": NEW_TRACK})["createTrack"]
    assert messages(payload) == [
        {
            "kind": "PERMISSION",
            "message": "Authentication credentials were not provided.",
            "field": None,
            "code": "unauthenticated",
        }
    ]
    assert not Track.objects.exists()


def test_create_track_for_a_named_user_is_not_possible(gql, alice, bob):
    gql.login(bob)
    body = gql.execute(
        "mutation($input: CreateTrackInput!, $u: ID) { createTrack(input: $input, userId: $u)"
        " { __typename } }",
        {"input": NEW_TRACK, "u": str(alice.pk)},
    )
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == [
        "Unknown argument 'userId' on field 'Mutation.createTrack'."
    ]
    assert not Track.objects.exists()


def test_create_track_with_invalid_fields(gql, alice):
    gql.login(alice)
    invalid = {**NEW_TRACK, "title": "", "audioDuration": -1, "bpm": 0}
    payload = gql.data(CREATE, {"input": invalid})["createTrack"]
    assert messages(payload) == [
        {
            "kind": "VALIDATION",
            "message": "This field is required.",
            "field": "title",
            "code": "invalid",
        }
    ]
    invalid = {**NEW_TRACK, "audioDuration": -1}
    payload = gql.data(CREATE, {"input": invalid})["createTrack"]
    assert [(m["field"], m["kind"]) for m in messages(payload)] == [("audioDuration", "VALIDATION")]
    assert not Track.objects.exists()


def test_update_track_publishes_it(gql, alice, make_track):
    draft = make_track(owner=alice, published=False)
    gql.login(alice)
    payload = gql.data(UPDATE, {"id": str(draft.pk), "input": {"published": True, "mood": None}})
    assert payload["updateTrack"]["published"] is True
    assert payload["updateTrack"]["publishedAt"] is not None
    draft.refresh_from_db()
    assert draft.published and draft.published_at is not None


def test_update_track_by_another_user_is_refused(gql, track, bob):
    gql.login(bob)
    payload = gql.data(UPDATE, {"id": str(track.pk), "input": {"title": "Mine"}})["updateTrack"]
    assert [(m["kind"], m["code"]) for m in messages(payload)] == [
        ("PERMISSION", "permission_denied")
    ]
    track.refresh_from_db()
    assert track.title == "Summer Vibes"


def test_update_with_an_invalid_value_changes_nothing(gql, track, alice):
    gql.login(alice)
    payload = gql.data(UPDATE, {"id": str(track.pk), "input": {"title": None, "mood": "sad"}})
    assert [(m["field"], m["message"]) for m in messages(payload["updateTrack"])] == [
        ("title", "This field is required.")
    ]
    track.refresh_from_db()
    assert (track.title, track.mood) == ("Summer Vibes", "happy")


def test_update_someone_elses_draft_is_not_found(gql, alice, bob, make_track):
    draft = make_track(owner=alice, published=False)
    gql.login(bob)
    payload = gql.data(UPDATE, {"id": str(draft.pk), "input": {"title": "x"}})["updateTrack"]
    assert messages(payload) == [
        {"kind": "ERROR", "message": "Track not found", "field": "id", "code": "not_found"}
    ]


def test_delete_track_with_its_likes_and_comments(gql, track, alice, bob):
    services.like_create(actor=bob, track=track)
    services.comment_create(actor=bob, track=track, body="hi")
    gql.login(alice)
    assert gql.data(DELETE, {"id": str(track.pk)}) == {"deleteTrack": {"id": str(track.pk)}}
    assert not Track.objects.exists()
    assert not Like.objects.exists()
    assert not Comment.objects.exists()


def test_delete_track_by_another_user_is_refused(gql, track, bob):
    gql.login(bob)
    payload = gql.data(DELETE, {"id": str(track.pk)})["deleteTrack"]
    assert [(m["kind"], m["code"]) for m in messages(payload)] == [
        ("PERMISSION", "permission_denied")
    ]
    assert Track.objects.filter(pk=track.pk).exists()


@override_settings(MUSEWAVE_THROTTLE_RATES={"write_user": "2/min", "write_ip": "100/min"})
def test_writes_beyond_the_rate_are_throttled(gql, track, alice):
    gql.login(alice)
    for title in ("One", "Two"):
        gql.data(UPDATE, {"id": str(track.pk), "input": {"title": title}})
    payload = gql.data(UPDATE, {"id": str(track.pk), "input": {"title": "Three"}})["updateTrack"]
    [message] = messages(payload)
    assert (message["kind"], message["code"]) == ("ERROR", "throttled")
    assert message["message"].startswith("Too many requests; try again in ")
    track.refresh_from_db()
    assert track.title == "Two"


def test_delete_unknown_track(gql, alice):
    gql.login(alice)
    payload = gql.data(DELETE, {"id": "0" * 32})["deleteTrack"]
    assert [(m["kind"], m["code"]) for m in messages(payload)] == [("ERROR", "not_found")]
    malformed = gql.data(DELETE, {"id": "nope"})["deleteTrack"]
    assert [(m["kind"], m["code"]) for m in messages(malformed)] == [("VALIDATION", "invalid")]


def test_file_sizes_beyond_32_bits(gql, alice):
    big = {**NEW_TRACK, "audioFileSize": 3_000_000_000, "published": True}
    gql.login(alice)
    gql.data(CREATE, {"input": big})
    track = Track.objects.get()
    assert track.audio_file_size == 3_000_000_000
    query = "query($id: ID!) { track(id: $id) { audioFileSize } }"
    assert gql.data(query, {"id": str(track.pk)}) == {"track": {"audioFileSize": 3_000_000_000}}


def test_negative_file_size_is_refused_before_anything_runs(gql, alice, django_assert_num_queries):
    invalid = {**NEW_TRACK, "audioFileSize": -1}
    with django_assert_num_queries(0):
        body = gql.execute(CREATE, {"input": invalid})
    assert body["data"] is None
    assert "Long must be between 0 and 9007199254740991" in body["errors"][0]["message"]


def test_date_times_without_offset_are_utc_and_out_of_range_ones_are_refused(
    gql, track, django_assert_num_queries
):
    Track.objects.filter(pk=track.pk).update(created_at=datetime(2024, 5, 1, 12, tzinfo=UTC))
    assert titles(gql, filter={"createdAfter": "2024-05-01T12:00:00"}) == ["Summer Vibes"]
    assert titles(gql, filter={"createdAfter": "2024-05-01T13:00:00+02:00"}) == ["Summer Vibes"]
    assert titles(gql, filter={"createdAfter": "2024-05-01T12:00:01"}) == []
    with django_assert_num_queries(0):
        body = gql.execute(TITLES, {"filter": {"createdAfter": "0001-01-01T00:00:00+14:00"}})
    assert body["data"] is None
    assert "outside years 1–9999 in UTC" in body["errors"][0]["message"]


@pytest.mark.parametrize("cursor", ["not-base64!", "bm9wZQ==", "YXJyYXljb25uZWN0aW9uOi0x", "nuA="])
def test_a_malformed_cursor_is_a_client_error(gql, track, cursor):
    body = gql.execute(
        "query($c: String) { tracksConnection(after: $c) { totalCount } }", {"c": cursor}
    )
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "invalid"
    assert body["errors"][0]["message"] == "`after` is not a cursor of this list."
