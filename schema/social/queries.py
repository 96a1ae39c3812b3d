"""Reading likes, follows and comments."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from musewave.selectors.social import comments_of, follow_exists, like_exists, likes_of
from musewave.selectors.tracks import track_get
from musewave.selectors.users import user_get
from schema.core.arguments import TrackIdArg, UserIdArg
from schema.core.errors import raises_client_errors
from schema.core.fields import of_user, of_visible_track, track_rows_pages
from schema.core.pagination import offset_list
from schema.core.viewer import get_viewer
from schema.social.types import CommentType, LikeType


@strawberry.type
class SocialQueries:
    @strawberry.field(
        description="Whether the user likes the track; null, with a `not_found` error, for a "
        "track the viewer cannot see or an unknown user (`invalid` for a malformed id)."
    )
    @raises_client_errors
    def has_liked(self, info: Info, track_id: TrackIdArg, user_id: UserIdArg) -> bool | None:
        track = track_get(track_id=track_id, viewer=get_viewer(info))
        return like_exists(track=track, user=user_get(user_id=user_id))

    @strawberry.field(
        description="Whether `followerId` follows `userId`; null, with a `not_found` error, "
        "when either user is unknown (`invalid` for a malformed id)."
    )
    @raises_client_errors
    def is_following(
        self,
        user_id: Annotated[strawberry.ID, strawberry.argument(description="The followed user.")],
        follower_id: Annotated[
            strawberry.ID, strawberry.argument(description="The possible follower.")
        ],
    ) -> bool | None:
        following = user_get(user_id=user_id)
        follower = user_get(user_id=follower_id, field="follower_id")
        return follow_exists(follower=follower, following=following)

    track_likes: list[LikeType] = offset_list(
        of_visible_track(likes_of), description="Likes of a track, newest first."
    )
    user_likes: list[LikeType] = offset_list(
        of_user(likes_of),
        description="A user's likes of tracks the viewer can see, newest first.",
    )
    track_comments, track_comments_connection = track_rows_pages(
        CommentType, comments_of, rows="Comments on a track, newest first", name="trackComments"
    )
    user_comments: list[CommentType] = offset_list(
        of_user(comments_of),
        description="A user's comments on tracks the viewer can see, newest first.",
    )
