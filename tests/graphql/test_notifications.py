"""Notifications in GraphQL: the connection, the unread count and marking read."""

import pytest

from musewave import services
from musewave.models import Notification
from tests.graphql.conftest import OPERATION_INFO, messages

LIST = """query($unread: Boolean!, $first: Int, $after: String) {
  notifications(unreadOnly: $unread, first: $first, after: $after) {
    edges { cursor node { id kind readAt actor { username } track { title } comment { body } } }
    pageInfo { hasNextPage endCursor }
  }
  unreadNotificationCount
}"""
MARK = f"""mutation($ids: [ID!]) {{
  markNotificationsRead(ids: $ids) {{
    ... on NotificationsRead {{ marked unreadCount }}
    {OPERATION_INFO}
  }}
}}"""


@pytest.fixture
def activity(alice, bob, track):
    services.follow_create(actor=bob, following=alice)
    services.like_create(actor=bob, track=track)
    services.comment_create(actor=bob, track=track, body="Nice")


def test_the_viewer_reads_their_notifications_newest_first(gql, alice, activity):
    gql.login(alice)
    data = gql.data(LIST, {"unread": False})
    nodes = [edge["node"] for edge in data["notifications"]["edges"]]
    assert [n["kind"] for n in nodes] == ["COMMENT", "LIKE", "FOLLOW"]
    assert nodes[0]["comment"] == {"body": "Nice"}
    assert nodes[0]["track"] == {"title": "Summer Vibes"}
    assert nodes[2]["track"] is None
    assert {n["actor"]["username"] for n in nodes} == {"bob"}
    assert data["unreadNotificationCount"] == 3


def test_pages_do_not_shift_when_new_notifications_arrive(gql, alice, bob, track, activity):
    gql.login(alice)
    first = gql.data(LIST, {"unread": False, "first": 2})["notifications"]
    assert first["pageInfo"]["hasNextPage"] is True
    services.like_delete(actor=bob, track=track)  # the like's unread notification goes
    services.like_create(actor=bob, track=track)  # and a new one is the newest
    rest = gql.data(LIST, {"unread": False, "first": 2, "after": first["pageInfo"]["endCursor"]})[
        "notifications"
    ]
    assert [e["node"]["kind"] for e in rest["edges"]] == ["FOLLOW"]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_marking_read_some_then_all(gql, alice, activity):
    gql.login(alice)
    newest = gql.data(LIST, {"unread": True})["notifications"]["edges"][0]["node"]["id"]
    assert gql.data(MARK, {"ids": [newest]})["markNotificationsRead"] == {
        "marked": 1,
        "unreadCount": 2,
    }
    unread = gql.data(LIST, {"unread": True})["notifications"]["edges"]
    assert newest not in [e["node"]["id"] for e in unread]
    assert gql.data(MARK, {"ids": None})["markNotificationsRead"] == {
        "marked": 2,
        "unreadCount": 0,
    }
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_another_users_notifications_are_out_of_reach(gql, alice, bob, activity):
    gql.login(bob)
    data = gql.data(LIST, {"unread": False})
    assert data["notifications"]["edges"] == []
    assert data["unreadNotificationCount"] == 0
    ids = list(Notification.objects.values_list("id", flat=True))
    assert gql.data(MARK, {"ids": [str(i) for i in ids]})["markNotificationsRead"]["marked"] == 0
    assert Notification.objects.filter(read_at__isnull=True).count() == 3


def test_anonymous_viewers_have_no_notifications(gql, activity):
    body = gql.execute("{ unreadNotificationCount }")
    assert body["errors"][0]["extensions"]["code"] == "unauthenticated"
    payload = gql.data(MARK, {"ids": None})["markNotificationsRead"]
    assert messages(payload)[0]["kind"] == "PERMISSION"
    assert Notification.objects.filter(read_at__isnull=True).count() == 3


def test_a_bad_cursor_is_a_client_error(gql, alice, activity):
    gql.login(alice)
    body = gql.execute(LIST, {"unread": False, "after": "bm9wZQ=="})
    assert body["errors"][0]["message"] == "`after` is not a cursor of this list."
    assert body["errors"][0]["extensions"]["code"] == "invalid"


def test_upload_processed_and_failed_reach_the_owner_with_their_track(
    gql, alice, bob, run_on_commit, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.media import factories

    with run_on_commit():
        track = services.track_upload(
            actor=alice,
            audio=SimpleUploadedFile("tone.wav", factories.tone("wav", seconds=2)),
            title="Fresh tone",
            genre="test",
        )
    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS = 1
    with run_on_commit():
        services.track_audio_process(track_id=track.pk)

    gql.login(alice)
    data = gql.data(LIST, {"unread": True})
    nodes = [edge["node"] for edge in data["notifications"]["edges"]]
    assert [(n["kind"], n["actor"], n["track"]) for n in nodes] == [
        ("UPLOAD_FAILED", None, {"title": "Fresh tone"}),
        ("UPLOAD_READY", None, {"title": "Fresh tone"}),
    ]
    assert data["unreadNotificationCount"] == 2
    gql.login(bob)
    assert gql.data(LIST, {"unread": False})["notifications"]["edges"] == []
