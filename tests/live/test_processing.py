"""trackProcessing over a real WebSocket: an upload moving through its processing status, seen
by its owner and staff only, with the owner's notification at the end."""

import base64

import pytest
from asgiref.sync import sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile

from musewave import services
from musewave.models import Track
from tests.live.conftest import TRACK_GROUP, USER_GROUP, Live, access_token, wait_for_members
from tests.media import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

PROCESSING = """subscription($id: ID!) {
  trackProcessing(trackId: $id) { trackId processingStatus processingError sequence }
}"""
NOTIFICATIONS = "subscription { notifications { kind actor { username } track { title } } }"


@sync_to_async
def uploaded(owner, **fields) -> Track:
    """A track whose upload was processed (processing runs eagerly after the commit)."""
    track = services.track_upload(
        actor=owner,
        audio=SimpleUploadedFile("tone.wav", factories.tone("wav", seconds=1)),
        title="Tone",
        genre="test",
        **fields,
    )
    track.refresh_from_db()
    assert track.processing_status == "ready", track.processing_error
    return track


@sync_to_async
def replace_audio(owner, track: Track) -> None:
    """Give the track new audio as a data: URL; it is processed again after the commit."""
    data = base64.b64encode(factories.tone("wav", seconds=1, amplitude=0.3)).decode()
    services.track_update(
        actor=owner, track=track, data={"audio_url": f"data:audio/wav;base64,{data}"}
    )


async def processing_subscriber(track, token, members=1) -> Live:
    live = Live()
    await live.open(token)
    await live.subscribe(PROCESSING, {"id": str(track.pk)})
    await wait_for_members(TRACK_GROUP(track.pk), members)
    return live


async def statuses(live: Live, n: int) -> list[tuple[str, str | None]]:
    events = [(await live.next())["trackProcessing"] for _ in range(n)]
    sequences = [event["sequence"] for event in events]
    assert sequences == sorted(set(sequences))
    return [(event["processingStatus"], event["processingError"]) for event in events]


async def test_the_owner_sees_new_audio_move_to_ready_and_is_notified(layer, alice):
    track = await uploaded(alice)
    token = await access_token(alice)
    live = await processing_subscriber(track, token)
    bell = Live()
    await bell.open(token)
    await bell.subscribe(NOTIFICATIONS)
    await wait_for_members(USER_GROUP(alice.pk))

    await replace_audio(alice, track)

    assert await statuses(live, 3) == [
        ("PENDING", None),
        ("PROCESSING", None),
        ("READY", None),
    ]
    assert await live.nothing()
    assert (await bell.next())["notifications"] == {
        "kind": "UPLOAD_READY",
        "actor": None,
        "track": {"title": "Tone"},
    }
    await live.close()
    await bell.close()


async def test_a_failure_reaches_the_owner_and_staff_with_its_reason(
    layer, alice, make_user, settings
):
    track = await uploaded(alice)
    staff = await sync_to_async(make_user)()
    await sync_to_async(type(staff).objects.filter(pk=staff.pk).update)(is_staff=True)
    owner = await processing_subscriber(track, await access_token(alice))
    admin = await processing_subscriber(track, await access_token(staff), members=2)
    bell = Live()
    await bell.open(await access_token(alice))
    await bell.subscribe(NOTIFICATIONS)
    await wait_for_members(USER_GROUP(alice.pk))

    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS = 0.5
    await sync_to_async(services.track_audio_process)(track_id=track.pk)

    for live in (owner, admin):
        (processing, _), (failed, error) = await statuses(live, 2)
        assert (processing, failed) == ("PROCESSING", "FAILED")
        assert "longer than the limit of 0.5 seconds" in error
        assert await live.nothing()
        await live.close()
    assert (await bell.next())["notifications"]["kind"] == "UPLOAD_FAILED"
    await bell.close()


async def test_others_are_refused_and_hear_nothing(layer, alice, bob, make_track):
    track = await uploaded(alice, published=True)
    draft = await sync_to_async(make_track)(owner=alice, published=False)
    refusals = [
        (None, track, "Sign in"),
        (await access_token(bob), track, "Only the track's owner"),
        (await access_token(bob), draft, "Track not found"),
    ]
    for token, target, message in refusals:
        live = Live()
        await live.open(token)
        await live.subscribe(PROCESSING, {"id": str(target.pk)})
        error = await live.next()
        assert error["type"] in ("next", "error")
        assert message in str(error["payload"])
        await live.close()

    # A refused subscription listens to nothing: the owner's new audio reaches only the owner.
    owner = await processing_subscriber(track, await access_token(alice))
    await replace_audio(alice, track)
    assert [status for status, _ in await statuses(owner, 3)][-1] == "READY"
    await owner.close()
