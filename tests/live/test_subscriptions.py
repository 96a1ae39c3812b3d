"""GraphQL subscriptions over a real WebSocket against the ASGI application."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import transaction
from rest_framework_simplejwt.tokens import AccessToken

from musewave import services
from musewave.models import Comment, Track
from tests.live.conftest import (
    GRAPHQL_WS,
    TRACK_GROUP,
    TRANSPORT_WS,
    USER_GROUP,
    Live,
    access_token,
    message_text,
    wait_for_members,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

ACTIVITY = """subscription($id: ID!) {
  trackActivity(trackId: $id) { trackId plays likes downloads shares commentCount sequence }
}"""
COMMENTS = """subscription($id: ID!) {
  trackComments(trackId: $id) {
    action trackId sequence
    comment { id body position createdAt author { id username displayName verified } }
  }
}"""
NOTIFICATIONS = """subscription {
  notifications {
    id kind readAt
    actor { username }
    track { title owner { username } }
    comment { body user { username } }
  }
}"""


async def activity_subscriber(track, *, token=None, protocol=TRANSPORT_WS, members=1) -> Live:
    live = Live(protocol)
    ack = await live.open(token)
    assert message_text(ack)["type"] == "connection_ack"
    await live.subscribe(ACTIVITY, {"id": str(track.pk)})
    await wait_for_members(TRACK_GROUP(track.pk), members)
    return live


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, GRAPHQL_WS])
async def test_a_rest_play_reaches_an_anonymous_subscriber(layer, protocol, track, http):
    live = await activity_subscriber(track, protocol=protocol)

    status, _ = await http("post", f"/musewave/tracks/{track.pk}/play/", {"duration": 30})

    assert status == 201
    data = await live.next()
    assert data["trackActivity"] == {
        "trackId": str(track.pk),
        "plays": 1,
        "likes": 0,
        "downloads": 0,
        "shares": 0,
        "commentCount": 0,
        "sequence": 1,
    }
    assert await live.nothing()
    await live.close()


async def test_graphql_like_reaches_activity_and_the_owners_notifications(
    layer, track, alice, bob, graphql
):
    watcher = await activity_subscriber(track)
    owner = Live()
    await owner.open(await access_token(alice))
    await owner.subscribe(NOTIFICATIONS)
    await wait_for_members(USER_GROUP(alice.pk))

    bob_token = await access_token(bob)
    body = await graphql(
        "mutation($id: ID!) { likeTrack(trackId: $id) { ... on Like { id } } }",
        {"id": str(track.pk)},
        token=bob_token,
    )
    assert "errors" not in body

    assert (await watcher.next())["trackActivity"]["likes"] == 1
    received = await owner.next()
    assert "notifications" in received, received
    notification = received["notifications"]
    assert notification["kind"] == "LIKE"
    assert notification["readAt"] is None
    assert notification["actor"] == {"username": "bob"}
    assert notification["track"] == {"title": "Summer Vibes", "owner": {"username": "alice"}}
    assert notification["comment"] is None

    # Liking again changes nothing and tells nobody.
    await graphql(
        "mutation($id: ID!) { likeTrack(trackId: $id) { ... on Like { id } } }",
        {"id": str(track.pk)},
        token=bob_token,
    )
    assert await watcher.nothing()
    assert await owner.nothing()
    await watcher.close()
    await owner.close()


async def test_comments_arrive_with_their_author_and_their_deletion(layer, track, bob, http):
    live = Live()
    await live.open()
    await live.subscribe(COMMENTS, {"id": str(track.pk)})
    await wait_for_members(TRACK_GROUP(track.pk))
    token = await access_token(bob)

    status, created = await http(
        "post",
        "/graphql",
        {
            "query": 'mutation($id: ID!) { addComment(trackId: $id, body: "Nice drop", '
            "position: 12.5) { ... on Comment { id } } }",
            "variables": {"id": str(track.pk)},
        },
        token,
    )
    assert status == 200
    comment_id = created["data"]["addComment"]["id"]

    event = (await live.next())["trackComments"]
    assert event["action"] == "CREATED"
    assert event["trackId"] == str(track.pk)
    assert event["comment"]["id"] == comment_id
    assert event["comment"]["body"] == "Nice drop"
    assert event["comment"]["position"] == 12.5
    assert event["comment"]["author"] == {
        "id": str(bob.pk),
        "username": "bob",
        "displayName": "Bob",
        "verified": False,
    }

    status, body = await http(
        "post",
        "/graphql",
        {
            "query": "mutation($id: ID!) { deleteComment(id: $id) { ... on Deleted { id } } }",
            "variables": {"id": comment_id},
        },
        token,
    )
    assert body["data"]["deleteComment"] == {"id": comment_id}
    deleted = (await live.next())["trackComments"]
    assert deleted["action"] == "DELETED"
    assert deleted["comment"]["id"] == comment_id
    assert deleted["sequence"] > event["sequence"]
    assert await live.nothing()
    await live.close()


async def test_refused_and_rolled_back_writes_emit_nothing(layer, track, bob, http):
    live = await activity_subscriber(track)
    token = await access_token(bob)

    assert (await http("post", f"/musewave/tracks/{track.pk}/play/", {}, token))[0] == 201
    assert (await live.next())["trackActivity"]["plays"] == 1
    # A replay within the replay window answers the play already recorded: no event.
    status, _ = await http("post", f"/musewave/tracks/{track.pk}/play/", {}, token)
    assert status == 200
    # A comment past the end of the track is refused: no event.
    status, _ = await http(
        "post",
        "/graphql",
        {
            "query": 'mutation($id: ID!) { addComment(trackId: $id, body: "x", '
            "position: 9999) { __typename } }",
            "variables": {"id": str(track.pk)},
        },
        token,
    )
    assert status == 200

    @sync_to_async
    def like_then_roll_back():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.like_create(actor=bob, track=track)
            raise RuntimeError("roll back")

    await like_then_roll_back()

    assert await live.nothing(timeout=0.5)
    counters = await sync_to_async(Track.objects.values("plays", "likes").get)(pk=track.pk)
    assert counters == {"plays": 1, "likes": 0}
    assert not await sync_to_async(Comment.objects.exists)()
    await live.close()


async def test_events_of_one_track_arrive_in_commit_order(layer, track, make_user):
    live = await activity_subscriber(track)
    listeners = await sync_to_async(lambda: [make_user() for _ in range(5)])()

    @sync_to_async
    def play(user):
        services.play_record(actor=user, track=track)

    for user in listeners:
        await play(user)

    received = [(await live.next())["trackActivity"] for _ in listeners]
    assert [event["plays"] for event in received] == [1, 2, 3, 4, 5]
    sequences = [event["sequence"] for event in received]
    assert sequences == sorted(sequences) and len(set(sequences)) == 5

    # Counters older than the last delivered (a slower publisher) are never delivered.
    stale = {
        "type": "track.activity",
        "track_id": str(track.pk),
        "owner_id": str(track.owner_id),
        "published": True,
        "sequence": sequences[-1] - 1,
        "plays": 4,
        "likes": 0,
        "downloads": 0,
        "shares": 0,
        "comment_count": 0,
    }
    await get_channel_layer().group_send(TRACK_GROUP(track.pk), stale)
    assert await live.nothing()
    await live.close()


async def test_bad_and_expired_tokens_close_the_connection(layer, alice):
    live = Live()
    closed = await live.open("not-a-token")
    assert closed["type"] == "websocket.close"
    assert closed["code"] == 4403
    assert "invalid" in closed["reason"]

    @sync_to_async
    def expired_token():
        token = AccessToken.for_user(alice)
        token.set_exp(lifetime=-timedelta(seconds=1))
        return str(token)

    live = Live()
    closed = await live.open(await expired_token())
    assert (closed["type"], closed["code"]) == ("websocket.close", 4403)

    live = Live(GRAPHQL_WS)
    error = await live.open(payload={"authorization": "Basic abc"})
    assert message_text(error)["type"] == "connection_error"
    closed = await live.ws.receive_output(timeout=2)
    assert closed["code"] == 4403


async def test_subscribing_before_connection_init_is_unauthorized(layer, track):
    live = Live()
    connected, _ = await live.ws.connect()
    assert connected
    await live.subscribe(ACTIVITY, {"id": str(track.pk)})
    closed = await live.ws.receive_output(timeout=2)
    assert (closed["type"], closed["code"]) == ("websocket.close", 4401)


async def test_a_drafts_events_reach_only_its_owner_and_staff(
    layer, make_track, alice, bob, make_user, http
):
    draft = await sync_to_async(make_track)(owner=alice, published=False)
    staff = await sync_to_async(make_user)()
    await sync_to_async(type(staff).objects.filter(pk=staff.pk).update)(is_staff=True)
    staff.is_staff = True

    for token in (None, await access_token(bob)):
        live = Live()
        await live.open(token)
        await live.subscribe(ACTIVITY, {"id": str(draft.pk)})
        error = await live.next()
        assert error["type"] in ("next", "error")
        assert "Track not found" in str(error["payload"])
        await live.close()

    owner = await activity_subscriber(draft, token=await access_token(alice))
    admin = await activity_subscriber(draft, token=await access_token(staff), members=2)
    status, _ = await http(
        "post", f"/musewave/tracks/{draft.pk}/download/", {}, await access_token(alice)
    )
    assert status == 201
    assert (await owner.next())["trackActivity"]["downloads"] == 1
    assert (await admin.next())["trackActivity"]["downloads"] == 1
    await owner.close()
    await admin.close()


async def test_a_track_made_a_draft_goes_quiet_for_others(layer, track, alice, bob):
    anonymous = await activity_subscriber(track)
    owner = await activity_subscriber(track, token=await access_token(alice), members=2)

    @sync_to_async
    def unpublish_and_play():
        services.track_update(actor=alice, track=track, data={"published": False})
        services.play_record(actor=bob, track=track)

    await unpublish_and_play()
    assert (await owner.next())["trackActivity"]["plays"] == 1
    assert await anonymous.nothing()
    await anonymous.close()
    await owner.close()


async def test_subscriptions_per_connection_are_capped(layer, track, settings):
    settings.MUSEWAVE_WS_MAX_SUBSCRIPTIONS = 1
    live = Live()
    await live.open()
    await live.subscribe(ACTIVITY, {"id": str(track.pk)})
    await wait_for_members(TRACK_GROUP(track.pk))
    op_id = await live.subscribe(COMMENTS, {"id": str(track.pk)})
    error = await live.next()
    assert error["type"] == "error"
    assert error["id"] == op_id
    assert error["payload"][0]["message"] == "Subscription limit reached"
    await live.close()


async def test_connections_per_user_are_capped(layer, alice, settings):
    settings.MUSEWAVE_WS_MAX_CONNECTIONS_PER_USER = 2
    token = await access_token(alice)
    first, second, third = Live(), Live(), Live()
    for live in (first, second):
        assert message_text(await live.open(token))["type"] == "connection_ack"
    closed = await third.open(token)
    assert closed["type"] == "websocket.close"
    assert closed["code"] == 4403
    assert closed["reason"] == "Too many connections: at most 2 per user."
    # A connection that ends gives its slot back; anonymous connections are not counted.
    await first.close()
    again = Live()
    assert message_text(await again.open(token))["type"] == "connection_ack"
    anonymous = Live()
    assert message_text(await anonymous.open())["type"] == "connection_ack"
    for live in (second, again, anonymous):
        await live.close()


async def test_notifications_need_a_signed_in_user(layer):
    live = Live()
    await live.open()
    await live.subscribe(NOTIFICATIONS)
    error = await live.next()
    assert "Sign in" in str(error["payload"])
    await live.close()


async def test_queries_and_mutations_are_refused_over_websocket(layer, track):
    """Only subscriptions run in the event loop; the synchronous ORM resolvers of queries and
    mutations stay on HTTP, so no SynchronousOnlyOperation can happen here."""
    live = Live()
    await live.open()
    await live.subscribe("{ tracks { id } }")
    error = await live.next()
    assert error["type"] == "error"
    assert error["payload"][0]["message"] == "queries are not allowed"
    await live.subscribe('mutation { deleteTrack(id: "x") { __typename } }')
    error = await live.next()
    assert error["payload"][0]["message"] == "mutations are not allowed"
    await live.close()
