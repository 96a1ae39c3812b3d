"""The `Playlist` type and its items."""

from enum import Enum

import strawberry
import strawberry_django
from django.db.models import Prefetch, QuerySet
from strawberry.types import Info
from strawberry_django.fields.base import StrawberryDjangoFieldBase
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.optimizer import optimize
from strawberry_django.relay import DjangoListConnection

from musewave.models import Playlist, PlaylistItem
from musewave.selectors.playlists import (
    playlist_items_visible,
    playlists_listable,
    playlists_readable,
    tracks_available,
    visible_totals,
    with_visible_totals,
)
from schema.core.fields import annotated
from schema.core.refs import TrackRef, UserRef
from schema.core.viewer import get_viewer


@strawberry.enum(name="PlaylistVisibility", description="Who finds and opens a playlist.")
class PlaylistVisibility(Enum):
    PUBLIC = strawberry.enum_value("public", description="Listed, searchable, open to anyone.")
    UNLISTED = strawberry.enum_value(
        "unlisted", description="Open to anyone who has its id; never listed or searched."
    )
    PRIVATE = strawberry.enum_value("private", description="Only its owner and staff.")


def _available_track_prefetch(info: Info) -> Prefetch:
    """The items' tracks, only those the viewer may see, optimized for the selected fields: an
    item whose track is not among them has `track` cached as None."""
    tracks = optimize(tracks_available(viewer=get_viewer(info)), info)
    return Prefetch("track", queryset=tracks)


@strawberry_django.type(
    PlaylistItem,
    name="PlaylistItem",
    description="One place in a playlist; the same track may hold several places.",
)
class PlaylistItemType:
    id: strawberry.ID = strawberry_django.field(description="The item's id (a UUID).")
    position: int = strawberry_django.field(description="Its place, 0 for the first item.")
    added_at: strawberry.auto = strawberry_django.field(description="When it was added.")

    @strawberry_django.field(
        only=["track_id"],
        prefetch_related=[_available_track_prefetch],
        description="The track; null (only the playlist's owner and staff see such places) "
        "while it is a draft of someone else or its artist's account is deactivated.",
    )
    def track(self, root: PlaylistItem, info: Info) -> TrackRef | None:
        cache = PlaylistItem.track.field
        if cache.is_cached(root):
            # Prefetched: None when the viewer may not see it.
            return cache.get_cached_value(root)
        # Reached without the optimizer: look the one track up.
        tracks = tracks_available(viewer=get_viewer(info))
        return optimize(tracks.filter(pk=root.track_id), info).first()

    @classmethod
    def get_queryset(cls, queryset: QuerySet[PlaylistItem], info: Info, **kwargs) -> QuerySet:
        # Wherever items appear, only those the viewer sees, in their order.
        return (queryset & playlist_items_visible(viewer=get_viewer(info))).order_by("position")


def _visible_total(name: str, *, description: str):
    """One of the totals of the items the viewer sees (`visible_totals`)."""

    def counted(playlist: Playlist, info: Info):
        rows = Playlist.objects.filter(pk=playlist.pk)
        return getattr(with_visible_totals(rows, viewer=get_viewer(info)).get(), name)

    return annotated(
        lambda info: visible_totals(viewer=get_viewer(info))[name],
        fallback=counted,
        description=description,
    )


@strawberry_django.type(
    Playlist,
    name="Playlist",
    description="An ordered list of tracks a user builds and shares.",
)
class PlaylistType:
    id: strawberry.ID = strawberry_django.field(description="The playlist's id (a UUID).")
    owner: UserRef = strawberry_django.field(description="The user who owns the playlist.")
    title: str = strawberry_django.field(description="Title, 1–100 characters.")
    description: str = strawberry_django.field(description="Description, at most 1000 characters.")
    cover_url: str | None = strawberry_django.field(description="URL of the cover image.")
    version: int = strawberry_django.field(
        description="Raised by one with every accepted edit; send it back as `expectedVersion` "
        "to have an edit refused if the playlist changed since you read it."
    )
    created_at: strawberry.auto = strawberry_django.field(description="When it was created.")
    updated_at: strawberry.auto = strawberry_django.field(description="When it last changed.")

    @strawberry_django.field(only=["visibility"], description="Who finds and opens it.")
    def visibility(self, root: Playlist) -> PlaylistVisibility:
        return PlaylistVisibility(root.visibility)

    track_count: int = _visible_total(
        "visible_track_count",
        description="How many of its items the viewer sees (all of them for the owner).",
    )
    duration: float = _visible_total(
        "visible_duration", description="Total seconds of the items the viewer sees."
    )

    # A plain list connection, so that the optimizer fetches the items of a whole page of
    # playlists in one windowed query; malformed cursors are refused before execution
    # (`CursorArgumentValidator`).
    items: DjangoListConnection[PlaylistItemType] = strawberry_django.connection(
        description="The items the viewer sees, in order, as a Relay connection (cursors and "
        "`totalCount`): every item for the owner and staff.",
    )

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Playlist], info: Info, **kwargs) -> QuerySet:
        # Wherever playlists appear, only those the viewer may open.
        return queryset & playlists_readable(viewer=get_viewer(info))


class _ListablePlaylists(StrawberryDjangoFieldBase):
    def get_queryset(self, queryset: QuerySet, info: Info, **kwargs) -> QuerySet:
        listed = queryset & playlists_listable(viewer=get_viewer(info))
        return super().get_queryset(listed.order_by("-created_at", "-id"), info, **kwargs)


class OwnedPlaylistsField(StrawberryDjangoField, _ListablePlaylists):
    """A user's playlists (`User.playlists`), newest first: all of them for the user themselves
    and staff, the public ones for anyone else. A relation, so that a page of users fetches the
    playlists of all of them in one windowed query.

    The filter sits below strawberry-django's filters, ordering and pagination (each applies
    its own after `super()`), so the page is cut from the listable playlists, and it is skipped
    with them for the rows the optimizer already fetched."""
