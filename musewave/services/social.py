"""Likes, follows, comments and reposts, with the notifications and live events they cause."""

from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

from musewave.errors import NotFound, ValidationFailed
from musewave.models import Comment, Follow, Like, Notification, Repost, Track, User
from musewave.services.common import authorize_owner, clean_instance
from musewave.services.counters import counter_decrement, counter_increment
from musewave.services.live import comment_event_data, comment_publish, track_activity_publish
from musewave.services.notifications import notification_create, notification_withdraw

Kind = Notification.Kind

M = TypeVar("M", bound=models.Model)
# A create loses a race only to a create and a delete that both finish in between; a few tries
# outlast any real sequence of those.
RACE_RETRIES = 5


def _create_once(model: type[M], **pair: Any) -> tuple[M, bool]:
    """The row of `model` for `pair` (a unique pair of users, or of a user and a track), and
    whether this call created it.

    The unique constraint decides between concurrent creations: the loser reads the winner's
    row. When that row is deleted again before it can be read (a concurrent unlike), the pair is
    free once more and the creation is retried, so a create never fails because of a race.
    """
    for _ in range(RACE_RETRIES):
        try:
            with transaction.atomic():
                return model.objects.create(**pair), True
        except IntegrityError:
            existing = model.objects.filter(**pair).first()
            if existing is not None:
                return existing, False
    raise ValidationFailed("The request raced too many others; try again.")


def _lock_active(user: User) -> None:
    """Lock the user's row (the first lock a like takes, as in `user_set_active`) and make sure
    they are still active: the like of a user deactivated meanwhile would move a counter that
    no longer counts them."""
    if not User.objects.select_for_update(no_key=True).filter(pk=user.pk, is_active=True).exists():
        raise NotFound("User not found")


@transaction.atomic
def like_create(*, actor: User, track: Track) -> tuple[Like, bool]:
    """Like a track. Idempotent: a repeat returns the existing like and `False`."""
    _lock_active(actor)
    like, created = _create_once(Like, user=actor, track=track)
    if not created:
        return like, False
    advanced = counter_increment(track_id=track.pk, counter="likes")
    notification_create(
        recipient_id=track.owner_id, kind=Kind.LIKE, actor_id=actor.pk, track_id=track.pk
    )
    track_activity_publish(track_id=track.pk, advanced=advanced)
    return like, True


@transaction.atomic
def like_delete(*, actor: User, track: Track) -> None:
    _lock_active(actor)
    deleted, _ = Like.objects.filter(user=actor, track=track).delete()
    if not deleted:
        raise NotFound("Like not found")
    advanced = counter_decrement(track_id=track.pk, counter="likes")
    notification_withdraw(
        recipient_id=track.owner_id, kind=Kind.LIKE, actor_id=actor.pk, track_id=track.pk
    )
    track_activity_publish(track_id=track.pk, advanced=advanced)


@transaction.atomic
def follow_create(*, actor: User, following: User) -> tuple[Follow, bool]:
    """`actor` follows `following`. Idempotent; following yourself is refused."""
    if actor.pk == following.pk:
        raise ValidationFailed("You cannot follow yourself")
    follow, created = _create_once(Follow, follower=actor, following=following)
    if not created:
        return follow, False
    notification_create(recipient_id=following.pk, kind=Kind.FOLLOW, actor_id=actor.pk)
    return follow, True


@transaction.atomic
def follow_delete(*, actor: User, following: User) -> None:
    deleted, _ = Follow.objects.filter(follower=actor, following=following).delete()
    if not deleted:
        raise NotFound("Follow not found")
    notification_withdraw(recipient_id=following.pk, kind=Kind.FOLLOW, actor_id=actor.pk)


@transaction.atomic
def comment_create(
    *, actor: User, track: Track, body: str, position: float | None = None
) -> Comment:
    """Comment on a track, optionally at a moment (seconds) within it."""
    if not isinstance(body, str) or not body.strip():
        raise ValidationFailed.field("body", "This field may not be blank.")
    comment = Comment(user=actor, track=track, body=body.strip(), position=position)
    clean_instance(comment, exclude=["user", "track"])
    if comment.position is not None and comment.position > track.audio_duration:
        raise ValidationFailed.field("position", "The position is beyond the end of the track.")
    comment.save(force_insert=True)
    notification_create(
        recipient_id=track.owner_id,
        kind=Kind.COMMENT,
        actor_id=actor.pk,
        track_id=track.pk,
        comment_id=comment.pk,
    )
    comment_publish(track_id=track.pk, comment=comment_event_data(comment), created=True)
    return comment


@transaction.atomic
def comment_delete(*, actor: User | None, comment: Comment) -> None:
    """The comment's author, or the owner of the track, may delete it."""
    if actor is None or actor.pk != comment.track.owner_id:
        authorize_owner(actor=actor, owner_id=comment.user_id)
    data = comment_event_data(comment)
    notification_withdraw(
        recipient_id=comment.track.owner_id,
        kind=Kind.COMMENT,
        actor_id=comment.user_id,
        comment_id=comment.pk,
    )
    track_id = comment.track_id
    comment.delete()
    comment_publish(track_id=track_id, comment=data, created=False)


@transaction.atomic
def repost_create(*, actor: User, track: Track) -> tuple[Repost, bool]:
    """Share a published track with one's followers; moves its `shares`. Idempotent: a repeat
    returns the existing repost and `False`."""
    if not track.published:
        raise ValidationFailed("Only published tracks can be reposted.")
    repost, created = _create_once(Repost, user=actor, track=track)
    if not created:
        return repost, False
    advanced = counter_increment(track_id=track.pk, counter="shares")
    track_activity_publish(track_id=track.pk, advanced=advanced)
    return repost, True


@transaction.atomic
def repost_delete(*, actor: User, track: Track) -> None:
    deleted, _ = Repost.objects.filter(user=actor, track=track).delete()
    if not deleted:
        raise NotFound("Repost not found")
    advanced = counter_decrement(track_id=track.pk, counter="shares")
    track_activity_publish(track_id=track.pk, advanced=advanced)
