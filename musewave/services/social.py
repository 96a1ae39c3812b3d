"""Likes, follows and comments."""

from django.db import IntegrityError, transaction

from musewave.errors import NotFound, ValidationFailed
from musewave.models import Comment, Follow, Like, Track, User
from musewave.services.common import authorize_owner, clean_instance
from musewave.services.counters import counter_decrement, counter_increment


@transaction.atomic
def like_create(*, actor: User, track: Track) -> tuple[Like, bool]:
    """Like a track. Idempotent: a repeat returns the existing like and `False`."""
    try:
        with transaction.atomic():
            like = Like.objects.create(user=actor, track=track)
    except IntegrityError:
        # The unique constraint decides races between concurrent requests.
        return Like.objects.get(user=actor, track=track), False
    counter_increment(track_id=track.pk, counter="likes")
    return like, True


@transaction.atomic
def like_delete(*, actor: User, track: Track) -> None:
    deleted, _ = Like.objects.filter(user=actor, track=track).delete()
    if not deleted:
        raise NotFound("Like not found")
    counter_decrement(track_id=track.pk, counter="likes")


@transaction.atomic
def follow_create(*, actor: User, following: User) -> tuple[Follow, bool]:
    """`actor` follows `following`. Idempotent; following yourself is refused."""
    if actor.pk == following.pk:
        raise ValidationFailed("You cannot follow yourself")
    try:
        with transaction.atomic():
            follow = Follow.objects.create(follower=actor, following=following)
    except IntegrityError:
        return Follow.objects.get(follower=actor, following=following), False
    return follow, True


@transaction.atomic
def follow_delete(*, actor: User, following: User) -> None:
    deleted, _ = Follow.objects.filter(follower=actor, following=following).delete()
    if not deleted:
        raise NotFound("Follow not found")


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
    return comment


@transaction.atomic
def comment_delete(*, actor: User | None, comment: Comment) -> None:
    """The comment's author, or the owner of the track, may delete it."""
    if actor is not None and actor.pk == comment.track.owner_id:
        comment.delete()
        return
    authorize_owner(actor=actor, owner_id=comment.user_id)
    comment.delete()
