"""Liking, following and commenting."""

from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave import services
from schema.core.errors import returns_operation_info
from schema.core.lookups import comment_argument, track_argument, user_argument
from schema.core.results import Deleted
from schema.core.viewer import acting_user
from schema.social.types import CommentType, FollowType, LikeType, RepostType
from schema.tracks.types import TrackType
from schema.users.types import UserType

TrackIdArg = Annotated[strawberry.ID, strawberry.argument(description="The track's id.")]


@strawberry.type
class SocialMutations:
    @strawberry_django.mutation(
        handle_django_errors=True,
        description="The signed-in user likes a track; repeating is harmless.",
    )
    @returns_operation_info
    def like_track(self, info: Info, track_id: TrackIdArg) -> LikeType:
        actor = acting_user(info)
        track = track_argument(info, track_id)
        like, _created = services.like_create(actor=actor, track=track)
        # The counter moved in the database; the payload shows its new value.
        track.refresh_from_db(fields=["likes"])
        like.track = track
        return like

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="The signed-in user stops liking a track; returns the track with its new "
        "like count.",
    )
    @returns_operation_info
    def unlike_track(self, info: Info, track_id: TrackIdArg) -> TrackType:
        actor = acting_user(info)
        track = track_argument(info, track_id)
        services.like_delete(actor=actor, track=track)
        track.refresh_from_db(fields=["likes"])
        return track

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="The signed-in user follows `userId`; repeating is harmless, following "
        "oneself is refused.",
    )
    @returns_operation_info
    def follow_user(
        self,
        info: Info,
        user_id: Annotated[strawberry.ID, strawberry.argument(description="Who to follow.")],
    ) -> FollowType:
        follower = acting_user(info)
        following = user_argument(user_id)
        follow, _created = services.follow_create(actor=follower, following=following)
        return follow

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="The signed-in user stops following `userId`; returns the unfollowed user.",
    )
    @returns_operation_info
    def unfollow_user(
        self,
        info: Info,
        user_id: Annotated[strawberry.ID, strawberry.argument(description="Who to unfollow.")],
    ) -> UserType:
        follower = acting_user(info)
        following = user_argument(user_id)
        services.follow_delete(actor=follower, following=following)
        return following

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="The signed-in user comments on a track, optionally at `position` seconds.",
    )
    @returns_operation_info
    def add_comment(
        self,
        info: Info,
        track_id: TrackIdArg,
        body: Annotated[str, strawberry.argument(description="The text, 1–2000 characters.")],
        position: Annotated[
            float | None, strawberry.argument(description="Seconds into the track.")
        ] = None,
    ) -> CommentType:
        actor = acting_user(info)
        return services.comment_create(
            actor=actor, track=track_argument(info, track_id), body=body, position=position
        )

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Delete a comment (its author or the track's owner only).",
    )
    @returns_operation_info
    def delete_comment(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The comment's id.")],
    ) -> Deleted:
        actor = acting_user(info)
        comment = comment_argument(id, argument="id")
        deleted_id = comment.pk
        services.comment_delete(actor=actor, comment=comment)
        return Deleted(id=strawberry.ID(str(deleted_id)))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="The signed-in user reposts a published track to their followers' feeds; "
        "moves its `shares`, and repeating is harmless.",
    )
    @returns_operation_info
    def repost_track(self, info: Info, track_id: TrackIdArg) -> RepostType:
        actor = acting_user(info)
        track = track_argument(info, track_id)
        repost, _created = services.repost_create(actor=actor, track=track)
        track.refresh_from_db(fields=["shares"])
        repost.track = track
        return repost

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="The signed-in user takes a repost back; returns the track with its new "
        "`shares`.",
    )
    @returns_operation_info
    def unrepost_track(self, info: Info, track_id: TrackIdArg) -> TrackType:
        actor = acting_user(info)
        track = track_argument(info, track_id)
        services.repost_delete(actor=actor, track=track)
        track.refresh_from_db(fields=["shares"])
        return track
