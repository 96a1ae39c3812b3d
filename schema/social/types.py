"""Likes, follows and comments."""

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from musewave.models import Comment, Follow, Like, Repost
from musewave.selectors.social import follows_visible
from schema.core.refs import TrackRef, UserRef


@strawberry_django.type(Like, name="Like", description="A user's like of a track.")
class LikeType:
    id: strawberry.ID = strawberry_django.field(description="The like's id (a UUID).")
    user: UserRef = strawberry_django.field(description="Who likes the track.")
    track: TrackRef = strawberry_django.field(description="The liked track.")
    created_at: strawberry.auto = strawberry_django.field(description="When the like was made.")


@strawberry_django.type(
    Follow, name="Follow", description="`follower` follows `following`; never oneself."
)
class FollowType:
    id: strawberry.ID = strawberry_django.field(description="The follow's id (a UUID).")
    follower: UserRef = strawberry_django.field(description="The user who follows.")
    following: UserRef = strawberry_django.field(description="The user being followed.")
    created_at: strawberry.auto = strawberry_django.field(description="When the follow began.")

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Follow], info: Info, **kwargs) -> QuerySet[Follow]:
        # Only follows between active users; newest first, ties broken by id so that pages
        # never overlap.
        return follows_visible(queryset).order_by("-created_at", "-id")


@strawberry_django.type(
    Comment,
    name="Comment",
    description="A listener's comment on a track, optionally pinned to a moment in it.",
)
class CommentType:
    id: strawberry.ID = strawberry_django.field(description="The comment's id (a UUID).")
    user: UserRef = strawberry_django.field(description="The author of the comment.")
    track: TrackRef = strawberry_django.field(description="The track commented on.")
    body: str = strawberry_django.field(description="Text of the comment (1–2000 characters).")
    position: float | None = strawberry_django.field(
        description="Seconds into the track the comment refers to, if any."
    )
    created_at: strawberry.auto = strawberry_django.field(description="When it was posted.")

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Comment], info: Info, **kwargs) -> QuerySet[Comment]:
        return queryset.order_by("-created_at", "-id")


@strawberry_django.type(
    Repost, name="Repost", description="A user shares a track with their followers' feeds."
)
class RepostType:
    id: strawberry.ID = strawberry_django.field(description="The repost's id (a UUID).")
    user: UserRef = strawberry_django.field(description="Who reposted the track.")
    track: TrackRef = strawberry_django.field(description="The reposted track.")
    created_at: strawberry.auto = strawberry_django.field(description="When it was reposted.")
