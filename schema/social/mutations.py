"""Liking, following, commenting and reposting."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from musewave import services
from schema.core.arguments import TrackIdArg
from schema.core.lookups import comment_argument, not_found_on, track_argument, user_argument
from schema.core.mutations import mutation
from schema.core.reactions import reaction, reaction_undone
from schema.core.results import Deleted
from schema.core.viewer import acting_user
from schema.social.types import CommentType, FollowType, LikeType, RepostType
from schema.tracks.types import TrackType
from schema.users.types import UserType


@strawberry.type
class SocialMutations:
    like_track: LikeType = mutation(
        reaction(services.like_create, counter="likes"),
        description="The signed-in user likes a track; repeating is harmless.",
    )
    unlike_track: TrackType = mutation(
        reaction_undone(services.like_delete, counter="likes"),
        description="The signed-in user stops liking a track; returns the track with its new "
        "like count.",
    )

    @mutation(
        description="The signed-in user follows `userId`; repeating is harmless, following "
        "oneself is refused."
    )
    def follow_user(
        self,
        info: Info,
        user_id: Annotated[strawberry.ID, strawberry.argument(description="Who to follow.")],
    ) -> FollowType:
        follower = acting_user(info)
        following = user_argument(user_id)
        follow, _created = services.follow_create(actor=follower, following=following)
        return follow

    @mutation(
        description="The signed-in user stops following `userId`; returns the unfollowed user."
    )
    def unfollow_user(
        self,
        info: Info,
        user_id: Annotated[strawberry.ID, strawberry.argument(description="Who to unfollow.")],
    ) -> UserType:
        follower = acting_user(info)
        following = user_argument(user_id)
        with not_found_on("userId"):
            services.follow_delete(actor=follower, following=following)
        return following

    @mutation(
        description="The signed-in user comments on a track, optionally at `position` seconds."
    )
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

    @mutation(description="Delete a comment (its author or the track's owner only).")
    def delete_comment(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The comment's id.")],
    ) -> Deleted:
        actor = acting_user(info)
        comment = comment_argument(id, argument="id")
        deleted = Deleted.of(comment)
        services.comment_delete(actor=actor, comment=comment)
        return deleted

    repost_track: RepostType = mutation(
        reaction(services.repost_create, counter="shares"),
        description="The signed-in user reposts a published track to their followers' feeds; "
        "moves its `shares`, and repeating is harmless.",
    )
    unrepost_track: TrackType = mutation(
        reaction_undone(services.repost_delete, counter="shares"),
        description="The signed-in user takes a repost back; returns the track with its new "
        "`shares`.",
    )
