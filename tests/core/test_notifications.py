"""Who is notified of what, once, and what taking an action back removes."""

import pytest

from musewave import services
from musewave.errors import ValidationFailed
from musewave.models import Notification

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def kinds_for(user) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("created_at")
        .values_list("kind", "actor__username")
    )


def test_follow_like_comment_and_new_track_notify_once_each(alice, bob, track):
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=bob, following=alice)
    services.like_create(actor=bob, track=track)
    services.like_create(actor=bob, track=track)
    comment = services.comment_create(actor=bob, track=track, body="Nice")
    assert kinds_for(alice) == [
        (Kind.FOLLOW, "bob"),
        (Kind.LIKE, "bob"),
        (Kind.COMMENT, "bob"),
    ]
    by_kind = {n.kind: n for n in Notification.objects.filter(recipient=alice)}
    assert by_kind[Kind.LIKE].track_id == track.pk
    assert by_kind[Kind.COMMENT].comment_id == comment.pk
    assert by_kind[Kind.FOLLOW].track_id is None
    assert all(n.read_at is None for n in by_kind.values())
    assert kinds_for(bob) == []


def test_nobody_is_notified_of_their_own_action(alice, track):
    services.like_create(actor=alice, track=track)
    services.comment_create(actor=alice, track=track, body="My own")
    assert Notification.objects.count() == 0


def test_followers_hear_of_a_track_when_it_is_first_published(alice, bob, make_user, make_track):
    carol = make_user(username="carol")
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=carol, following=alice)
    Notification.objects.all().delete()

    draft = make_track(owner=alice, published=False)
    assert Notification.objects.count() == 0
    services.track_update(actor=alice, track=draft, data={"published": True})
    services.track_update(actor=alice, track=draft, data={"published": False})
    services.track_update(actor=alice, track=draft, data={"published": True})
    published = make_track(owner=alice)

    rows = Notification.objects.filter(kind=Kind.NEW_TRACK)
    assert sorted(rows.values_list("recipient__username", "track_id")) == sorted(
        [("bob", draft.pk), ("carol", draft.pk), ("bob", published.pk), ("carol", published.pk)]
    )
    assert set(rows.values_list("actor_id", flat=True)) == {alice.pk}


def test_taking_an_action_back_removes_its_unread_notification(alice, bob, track):
    services.like_create(actor=bob, track=track)
    comment = services.comment_create(actor=bob, track=track, body="Nice")
    services.follow_create(actor=bob, following=alice)
    services.like_delete(actor=bob, track=track)
    services.comment_delete(actor=bob, comment=comment)
    services.follow_delete(actor=bob, following=alice)
    assert Notification.objects.count() == 0


def test_a_read_notification_stays_when_the_like_is_taken_back(alice, bob, track):
    services.like_create(actor=bob, track=track)
    assert services.notifications_mark_read(actor=alice) == 1
    services.like_delete(actor=bob, track=track)
    services.like_create(actor=bob, track=track)
    rows = Notification.objects.filter(recipient=alice, kind=Kind.LIKE)
    assert rows.count() == 2
    assert rows.filter(read_at__isnull=True).count() == 1


def test_marking_read_by_ids_touches_only_the_actors_own(alice, bob, track, make_track):
    services.like_create(actor=bob, track=track)
    services.follow_create(actor=bob, following=alice)
    bobs_track = make_track(owner=bob)
    services.like_create(actor=alice, track=bobs_track)
    like, follow = (
        Notification.objects.get(recipient=alice, kind=Kind.LIKE),
        Notification.objects.get(recipient=alice, kind=Kind.FOLLOW),
    )
    bobs = Notification.objects.get(recipient=bob)

    assert services.notifications_mark_read(actor=alice, ids=[str(like.pk), str(bobs.pk)]) == 1
    like.refresh_from_db(), follow.refresh_from_db(), bobs.refresh_from_db()
    assert like.read_at is not None
    assert follow.read_at is None and bobs.read_at is None
    # Marking again changes nothing.
    assert services.notifications_mark_read(actor=alice, ids=[str(like.pk)]) == 0
    assert services.notifications_mark_read(actor=alice, ids=[]) == 0
    assert services.notifications_mark_read(actor=alice) == 1


def test_marking_read_refuses_ids_that_are_not_uuids(alice, bob, track):
    services.like_create(actor=bob, track=track)
    with pytest.raises(ValidationFailed) as caught:
        services.notifications_mark_read(actor=alice, ids=["nope"])
    assert caught.value.errors == {"ids": ["“nope” is not a valid UUID."]}
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def _uploaded(owner, run_on_commit, data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with run_on_commit():
        track = services.track_upload(
            actor=owner, audio=SimpleUploadedFile(name, data), title="Tone", genre="test"
        )
    track.refresh_from_db()
    return track


def test_the_owner_hears_that_an_upload_was_processed(alice, bob, run_on_commit):
    from tests.media import factories

    services.follow_create(actor=bob, following=alice)
    track = _uploaded(alice, run_on_commit, factories.tone("flac", seconds=1), "tone.flac")
    assert track.processing_status == "ready"
    mine = list(
        Notification.objects.filter(recipient=alice)
        .exclude(kind=Kind.FOLLOW)
        .values("kind", "actor", "track")
    )
    assert mine == [{"kind": Kind.UPLOAD_READY, "actor": None, "track": track.pk}]
    # The followers hear of the new track, not of its processing.
    assert Notification.objects.filter(recipient=bob, kind=Kind.UPLOAD_READY).count() == 0


def test_the_owner_hears_that_an_upload_failed_and_again_when_reprocessed(
    alice, run_on_commit, settings
):
    from tests.media import factories

    track = _uploaded(alice, run_on_commit, factories.tone("wav", seconds=2), "tone.wav")
    assert kinds_for(alice) == [(Kind.UPLOAD_READY, None)]
    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS = 1
    with run_on_commit():
        result = services.track_audio_process(track_id=track.pk)
    assert result.processing_status == "failed"
    assert kinds_for(alice) == [(Kind.UPLOAD_READY, None), (Kind.UPLOAD_FAILED, None)]
    failed = Notification.objects.get(recipient=alice, kind=Kind.UPLOAD_FAILED)
    assert failed.track_id == track.pk and failed.read_at is None

    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS = 3600
    with run_on_commit():
        services.track_audio_process(track_id=track.pk)
    assert [kind for kind, _ in kinds_for(alice)] == [
        Kind.UPLOAD_READY,
        Kind.UPLOAD_FAILED,
        Kind.UPLOAD_READY,
    ]


def test_a_rolled_back_processing_end_notifies_nobody(alice, run_on_commit, monkeypatch):
    from musewave.services import media
    from tests.media import factories

    def broken(**kwargs):
        raise RuntimeError("the playlists update broke")

    # The ready transaction fails: nothing of it stays (no ready notification), and the
    # failure (an internal error) is what the owner hears of.
    monkeypatch.setattr(media, "track_duration_changed", broken)
    monkeypatch.setattr(media, "DURATION_TOLERANCE_SECONDS", -1)
    track = _uploaded(alice, run_on_commit, factories.tone("wav", seconds=1), "tone.wav")
    assert track.processing_status == "failed"
    assert kinds_for(alice) == [(Kind.UPLOAD_FAILED, None)]
