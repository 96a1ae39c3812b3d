"""Reads on playlists: who may open which playlist, which lists show it, and which of its items
a viewer sees.

- A public playlist is listed, searched and opened by anyone; an unlisted one is opened by id
  but never listed or searched; a private one only by its owner and staff. A deactivated
  owner's playlists are gone for everyone else, like the owner.
- An item whose track the viewer may not see (another user's draft, or a track of a
  deactivated user) is left out of the playlist for everyone but the playlist's owner and staff;
  they keep the item in its place, without its track, so that it comes back where it was.
"""

from typing import Any

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, When
from django.db.models.expressions import Expression

from musewave.errors import NotFound, ValidationFailed
from musewave.models import Playlist, PlaylistItem, Track, User
from musewave.selectors.common import parse_uuid, require_uuid
from musewave.selectors.counts import subquery_count, subquery_sum
from musewave.selectors.tracks import tracks_visible

Visibility = Playlist.Visibility
SHARED = (Visibility.PUBLIC, Visibility.UNLISTED)


def _is_staff(viewer: User | None) -> bool:
    return viewer is not None and viewer.is_staff


def tracks_available(*, viewer: User | None) -> QuerySet[Track]:
    """Tracks `viewer` may see in a playlist (and add to one): those `tracks_visible` shows them,
    of owners whose account is active."""
    return tracks_visible(viewer=viewer).filter(owner__is_active=True)


def _shared(visibility: Q) -> Q:
    # Playlists of deactivated owners are gone for everyone else, like their owners.
    return visibility & Q(owner__is_active=True)


PUBLIC = Q(visibility=Visibility.PUBLIC)


def _with_own(condition: Q, viewer: User | None) -> QuerySet[Playlist]:
    """Playlists meeting `condition`, and the viewer's own; every playlist for staff."""
    playlists = Playlist.objects.all()
    if _is_staff(viewer):
        return playlists
    if viewer is None:
        return playlists.filter(condition)
    return playlists.filter(condition | Q(owner=viewer))


def playlists_readable(*, viewer: User | None) -> QuerySet[Playlist]:
    """Playlists `viewer` may open by id: public and unlisted ones of active owners, their own,
    and every one for staff."""
    return _with_own(_shared(Q(visibility__in=SHARED)), viewer)


def playlists_listable(*, viewer: User | None) -> QuerySet[Playlist]:
    """Playlists a list of one owner's playlists may show `viewer`: public ones of active owners
    and the viewer's own (every playlist for staff)."""
    return _with_own(_shared(PUBLIC), viewer)


def playlists_listed(*, viewer: User | None, owner_id: Any = None) -> QuerySet[Playlist]:
    """Playlists a list shows, newest first: public ones of active owners. With `owner_id`,
    that owner's as `playlists_listable` shows them: all of them to the owner and staff, the
    public ones to anyone else. An owner id that is not one names nobody (no playlists)."""
    if owner_id is None:
        playlists = Playlist.objects.filter(_shared(PUBLIC))
    else:
        pk = parse_uuid(owner_id)
        if pk is None:
            return Playlist.objects.none()
        playlists = playlists_listable(viewer=viewer).filter(owner_id=pk)
    return playlists.order_by("-created_at", "-id")


def playlists_public(*, owner_id: Any = None, title: str | None = None) -> QuerySet[Playlist]:
    """Public playlists of active owners, newest first; only one owner's with `owner_id`, only
    those whose title contains `title` (ignoring case) with `title`."""
    playlists = playlists_listed(viewer=None, owner_id=owner_id)
    if title:
        if "\x00" in title:
            raise ValidationFailed.field("title", "Null characters are not allowed.")
        playlists = playlists.filter(title__icontains=title)
    return playlists


def playlist_get(*, playlist_id: Any, viewer: User | None) -> Playlist:
    """The playlist with this id if `viewer` may open it; NotFound otherwise (a private
    playlist of someone else does not exist for the viewer)."""
    pk = require_uuid(playlist_id, field="playlist_id")
    try:
        return playlists_readable(viewer=viewer).select_related("owner").get(pk=pk)
    except Playlist.DoesNotExist:
        raise NotFound("Playlist not found") from None


def playlist_items_visible(*, viewer: User | None) -> QuerySet[PlaylistItem]:
    """The items of any playlist that `viewer` sees: every item of their own playlists (every
    item at all for staff), and elsewhere those whose track is available to them
    (`tracks_available`)."""
    items = PlaylistItem.objects.all()
    if _is_staff(viewer):
        return items
    available = Q(track__in=tracks_available(viewer=viewer))
    if viewer is None:
        return items.filter(available)
    return items.filter(available | Q(playlist__owner=viewer))


def playlist_items_of(*, playlist: Playlist, viewer: User | None) -> QuerySet[PlaylistItem]:
    """The items of `playlist` that `viewer` sees (`playlist_items_visible`), in order."""
    return (
        playlist_items_visible(viewer=viewer).filter(playlist_id=playlist.pk).order_by("position")
    )


def with_track_availability(
    items: QuerySet[PlaylistItem], *, viewer: User | None
) -> QuerySet[PlaylistItem]:
    """`items` annotated with `track_available`: whether the viewer may see the item's track."""
    available = tracks_available(viewer=viewer).filter(pk=OuterRef("track_id"))
    return items.annotate(track_available=Exists(available))


def playlist_item_get(*, playlist: Playlist, item_id: Any) -> PlaylistItem:
    """An item of `playlist` (any of them: for the owner and staff, who edit); NotFound
    otherwise."""
    pk = require_uuid(item_id, field="item_id")
    try:
        return PlaylistItem.objects.get(pk=pk, playlist_id=playlist.pk)
    except PlaylistItem.DoesNotExist:
        raise NotFound("Playlist item not found", field="item_id") from None


def visible_totals(*, viewer: User | None) -> dict[str, Expression]:
    """Annotations `visible_track_count` and `visible_duration` of playlists: how many items the
    viewer sees and their total duration (seconds). The owner and staff see every item, so for
    them these are the cached totals; for anyone else they are counted from the items whose
    track the viewer may see, so that they agree with the items listed."""
    if _is_staff(viewer):
        return {"visible_track_count": F("track_count"), "visible_duration": F("duration")}
    items = PlaylistItem.objects.filter(track__in=tracks_available(viewer=viewer))
    count = subquery_count(items, link="playlist")
    duration = subquery_sum(items, link="playlist", field="track__audio_duration")
    if viewer is None:
        return {"visible_track_count": count, "visible_duration": duration}
    own = Q(owner_id=viewer.pk)
    return {
        "visible_track_count": Case(When(own, then=F("track_count")), default=count),
        "visible_duration": Case(When(own, then=F("duration")), default=duration),
    }


def with_visible_totals(
    playlists: QuerySet[Playlist], *, viewer: User | None
) -> QuerySet[Playlist]:
    return playlists.annotate(**visible_totals(viewer=viewer))
