"""Writes on playlists.

Every edit of a playlist runs in one transaction holding a row lock of the playlist
(`select_for_update`), so concurrent edits of one playlist take turns and each sees the items
the previous one left. An edit may name the `expected_version` it was made against: when the
playlist has moved on since, it is refused with Conflict rather than applied to a list the
client has not seen. Every accepted edit raises the version by exactly one (so a client that
sent `expected_version=v` knows the playlist is now at v+1), and every change of the items
updates the cached `track_count` and `duration` in the same transaction.

Positions are 0…n-1 at every commit, and (playlist, position) is unique in the database at
every statement. Shifting a run of items therefore goes through a temporary band of positions
above every position in use (`_shift`, `_close_gaps`): first the run moves up into the band,
then down to its new places, so no statement ever puts two items on one position, on SQLite
(which has no deferred unique constraints) as on PostgreSQL.
"""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from musewave.errors import (
    AuthenticationRequired,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from musewave.models import Playlist, PlaylistItem, User
from musewave.selectors.common import parse_uuid
from musewave.selectors.counts import subquery_sum
from musewave.selectors.playlists import playlist_item_get, tracks_available
from musewave.services.common import (
    apply_changes,
    authorize_owner,
    check_known_fields,
    check_required,
    check_required_kept,
    clean_instance,
    required_fields,
)
from musewave.validators import check_web_url

# What clients set on a playlist (the GraphQL inputs are generated from this list); the model says
# which a new playlist must have.
EDITABLE_FIELDS = ("title", "description", "cover_url", "visibility")
REQUIRED_FIELDS = required_fields(Playlist, EDITABLE_FIELDS)


def max_items() -> int:
    """How many items a playlist holds at most (setting MUSEWAVE_PLAYLIST_MAX_ITEMS)."""
    return settings.MUSEWAVE_PLAYLIST_MAX_ITEMS


def _require_actor(actor: User | None) -> User:
    # Playlists have no legacy anonymous edits: the actor is always someone.
    if actor is None:
        raise AuthenticationRequired("Authentication credentials were not provided.")
    return actor


def _normalize(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    if isinstance(fields.get("title"), str):
        fields["title"] = fields["title"].strip()
    if "description" in fields and fields["description"] is None:
        fields["description"] = ""
    if "cover_url" in fields and fields["cover_url"] in ("", None):
        fields["cover_url"] = None
    return fields


def check_playlist_fields(playlist: Playlist) -> None:
    """The rules of a playlist's own fields: lengths, visibility, an http(s) cover URL."""
    clean_instance(playlist, exclude=["owner"])
    check_web_url(field="cover_url", value=playlist.cover_url)


def _lock(playlist: Playlist) -> Playlist:
    """The playlist's row, locked until the transaction ends, as it is now."""
    try:
        return Playlist.objects.select_for_update().get(pk=playlist.pk)
    except Playlist.DoesNotExist:
        raise NotFound("Playlist not found") from None


def _check_version(playlist: Playlist, expected_version: Any) -> None:
    if expected_version is None:
        return
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise ValidationFailed.field("expected_version", "Enter a whole number.")
    if expected_version != playlist.version:
        raise Conflict(
            f"The playlist has changed since version {expected_version}; it is at version "
            f"{playlist.version}. Reload it and try again."
        )


def _lock_for_edit(*, actor: User | None, playlist: Playlist, expected_version: Any) -> Playlist:
    """Lock the playlist, then check that `actor` may edit it and that it is still the version
    the client expects."""
    actor = _require_actor(actor)
    locked = _lock(playlist)
    authorize_owner(actor=actor, owner_id=locked.owner_id)
    _check_version(locked, expected_version)
    return locked


def _shift(playlist_id: UUID, *, start: int, by: int, band: int, stop: int | None = None) -> None:
    """Move the items at positions `start` up to `stop` (excluded; the end when None) by `by`
    places. `band` must exceed every position in use and every target position: the run is
    parked at `band` and above, then lowered to its places."""
    run = PlaylistItem.objects.filter(playlist_id=playlist_id, position__gte=start)
    if stop is not None:
        run = run.filter(position__lt=stop)
    if run.update(position=F("position") + band):
        PlaylistItem.objects.filter(
            playlist_id=playlist_id, position__gte=band, position__lt=2 * band
        ).update(position=F("position") - band + by)


def _close_gaps(playlist_id: UUID, *, removed: list[int], band: int) -> None:
    """After the items at the `removed` positions (ascending) are gone, move every later item
    up by the number of removed positions before it: two statements, however many gaps."""
    if not removed:
        return
    run = PlaylistItem.objects.filter(playlist_id=playlist_id, position__gt=removed[0])
    if run.update(position=F("position") + band):
        before = Case(
            *(
                When(position__lt=band + gap, then=Value(count))
                for count, gap in enumerate(removed[1:], start=1)
            ),
            default=Value(len(removed)),
            output_field=IntegerField(),
        )
        PlaylistItem.objects.filter(
            playlist_id=playlist_id, position__gte=band, position__lt=2 * band
        ).update(position=F("position") - band - before)


def _items_changed(playlist: Playlist, *, added: int = 0, bump: bool = True) -> Playlist:
    """Record a change of the items: the count moves by `added`, the duration is summed again
    from the items (exact, whatever happened to them), the version goes up."""
    changes: dict[str, Any] = {
        "track_count": F("track_count") + added,
        "duration": subquery_sum(
            PlaylistItem.objects.all(), link="playlist", field="track__audio_duration"
        ),
        "updated_at": timezone.now(),
    }
    if bump:
        changes["version"] = F("version") + 1
    Playlist.objects.filter(pk=playlist.pk).update(**changes)
    playlist.refresh_from_db(fields=["track_count", "duration", "version", "updated_at"])
    return playlist


def _whole_number(value: Any, *, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationFailed.field(field, f"Enter a whole number from {low} to {high}.")
    return value


def _addable_track_ids(*, actor: User, playlist: Playlist, track_ids: Any) -> list[UUID]:
    """The ids, in order and with repeats, each naming a track the actor may see, if the
    playlist has room for them."""
    if not isinstance(track_ids, list | tuple) or not track_ids:
        raise ValidationFailed.field("track_ids", "Name at least one track.")
    _check_room(playlist, len(track_ids))
    parsed: list[UUID] = []
    errors: list[str] = []
    for raw in track_ids:
        pk = parse_uuid(raw)
        if pk is None:
            errors.append(f"“{raw}” is not a valid UUID.")
        else:
            parsed.append(pk)
    if not errors:
        found = set(
            tracks_available(viewer=actor).filter(pk__in=set(parsed)).values_list("pk", flat=True)
        )
        errors = [f"Track {pk} does not exist." for pk in dict.fromkeys(parsed) if pk not in found]
    if errors:
        raise ValidationFailed(errors[0], {"track_ids": errors})
    return parsed


def _check_room(playlist: Playlist, adding: int) -> None:
    limit = max_items()
    if playlist.track_count + adding > limit:
        raise ValidationFailed.field(
            "track_ids",
            f"A playlist holds at most {limit} tracks; this one has {playlist.track_count}.",
        )


def _insert(
    *, playlist: Playlist, actor: User, track_ids: list[UUID], position: int
) -> list[PlaylistItem]:
    now = timezone.now()
    items = [
        PlaylistItem(
            playlist=playlist,
            track_id=track_id,
            position=position + i,
            added_at=now,
            added_by=actor,
        )
        for i, track_id in enumerate(track_ids)
    ]
    return PlaylistItem.objects.bulk_create(items)


@transaction.atomic
def playlist_create(*, actor: User | None, **fields: Any) -> Playlist:
    """A new, empty playlist owned by `actor`; fields are those of EDITABLE_FIELDS."""
    actor = _require_actor(actor)
    check_known_fields(fields, allowed=EDITABLE_FIELDS)
    fields = _normalize(fields)
    check_required(fields, required=REQUIRED_FIELDS)
    playlist = Playlist(owner=actor, **fields)
    check_playlist_fields(playlist)
    playlist.save(force_insert=True)
    return playlist


@transaction.atomic
def playlist_update(
    *,
    actor: User | None,
    playlist: Playlist,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Playlist:
    """Change the playlist's title, description, cover or visibility (owner or staff)."""
    locked = _lock_for_edit(actor=actor, playlist=playlist, expected_version=expected_version)
    data = _normalize(data)
    check_required_kept(data, required=REQUIRED_FIELDS)
    changed = apply_changes(instance=locked, data=data, allowed=EDITABLE_FIELDS)
    check_playlist_fields(locked)
    locked.version = F("version") + 1
    locked.save(update_fields=[*changed, "version", "updated_at"])
    locked.refresh_from_db(fields=["version"])
    return locked


@transaction.atomic
def playlist_delete(
    *, actor: User | None, playlist: Playlist, expected_version: int | None = None
) -> None:
    """Delete a playlist with its items (owner or staff)."""
    locked = _lock_for_edit(actor=actor, playlist=playlist, expected_version=expected_version)
    locked.delete()


@transaction.atomic
def playlist_items_add(
    *,
    actor: User | None,
    playlist: Playlist,
    track_ids: Sequence[Any],
    position: int | None = None,
    expected_version: int | None = None,
) -> list[PlaylistItem]:
    """Add tracks (in the order given, repeats allowed) at `position` (0…n; the end when None);
    the items from there on move down. Returns the new items, whose `playlist` is the playlist
    as it is now."""
    locked = _lock_for_edit(actor=actor, playlist=playlist, expected_version=expected_version)
    ids = _addable_track_ids(actor=actor, playlist=locked, track_ids=track_ids)
    count = locked.track_count
    if position is None:
        position = count
    position = _whole_number(position, field="position", low=0, high=count)
    if position < count:
        _shift(locked.pk, start=position, by=len(ids), band=count + len(ids) + 1)
    items = _insert(playlist=locked, actor=actor, track_ids=ids, position=position)
    _items_changed(locked, added=len(ids))
    return items


@transaction.atomic
def playlist_item_remove(
    *,
    actor: User | None,
    playlist: Playlist,
    item_id: Any,
    expected_version: int | None = None,
) -> Playlist:
    """Remove one item; the items after it move up."""
    locked = _lock_for_edit(actor=actor, playlist=playlist, expected_version=expected_version)
    item = playlist_item_get(playlist=locked, item_id=item_id)
    item.delete()
    _close_gaps(locked.pk, removed=[item.position], band=locked.track_count + 1)
    return _items_changed(locked, added=-1)


@transaction.atomic
def playlist_item_move(
    *,
    actor: User | None,
    playlist: Playlist,
    item_id: Any,
    position: int,
    expected_version: int | None = None,
) -> PlaylistItem:
    """Move one item to `position` (0…n-1); the items between its old and new places close up.
    Returns the item, whose `playlist` is the playlist as it is now."""
    locked = _lock_for_edit(actor=actor, playlist=playlist, expected_version=expected_version)
    item = playlist_item_get(playlist=locked, item_id=item_id)
    count = locked.track_count
    target = _whole_number(position, field="position", low=0, high=count - 1)
    old = item.position
    if target != old:
        band = count + 1
        # The item waits above the band while the run between its places shifts.
        PlaylistItem.objects.filter(pk=item.pk).update(position=2 * band)
        if old < target:
            _shift(locked.pk, start=old + 1, stop=target + 1, by=-1, band=band)
        else:
            _shift(locked.pk, start=target, stop=old, by=1, band=band)
        PlaylistItem.objects.filter(pk=item.pk).update(position=target)
        item.position = target
    _items_changed(locked)
    item.playlist = locked
    return item


@transaction.atomic
def playlist_items_reorder(
    *,
    actor: User | None,
    playlist: Playlist,
    item_ids: Sequence[Any],
    expected_version: int | None = None,
) -> Playlist:
    """Put the items in the order of `item_ids`, which must name every item exactly once."""
    locked = _lock_for_edit(actor=actor, playlist=playlist, expected_version=expected_version)
    current = set(PlaylistItem.objects.filter(playlist=locked).values_list("pk", flat=True))
    parsed = [parse_uuid(raw) for raw in item_ids] if isinstance(item_ids, list | tuple) else []
    if len(parsed) != len(current) or set(parsed) != current:
        raise ValidationFailed.field(
            "item_ids",
            f"List every item of the playlist exactly once ({len(current)} items, in the new "
            "order).",
        )
    band = locked.track_count + 1
    PlaylistItem.objects.filter(playlist=locked).update(position=F("position") + band)
    PlaylistItem.objects.bulk_update(
        [PlaylistItem(pk=pk, position=i) for i, pk in enumerate(parsed)],
        ["position"],
        batch_size=500,
    )
    return _items_changed(locked)


@transaction.atomic
def playlist_duplicate(
    *,
    actor: User | None,
    playlist: Playlist,
    title: str | None = None,
    visibility: str = Playlist.Visibility.PRIVATE,
) -> Playlist:
    """A copy of a public playlist (or of one's own) owned by `actor`, private unless asked
    otherwise, with the items whose track the actor may see, in the same order."""
    actor = _require_actor(actor)
    if playlist.visibility != Playlist.Visibility.PUBLIC and playlist.owner_id != actor.pk:
        raise PermissionDenied("Only public playlists can be duplicated.")
    track_ids = list(
        PlaylistItem.objects.filter(playlist=playlist, track__in=tracks_available(viewer=actor))
        .order_by("position")
        .values_list("track_id", flat=True)
    )
    copy = playlist_create(
        actor=actor,
        title=playlist.title if title in (None, "") else title,
        description=playlist.description,
        cover_url=playlist.cover_url,
        visibility=visibility,
    )
    _check_room(copy, len(track_ids))
    if track_ids:
        _insert(playlist=copy, actor=actor, track_ids=track_ids, position=0)
        _items_changed(copy, added=len(track_ids), bump=False)
    return copy


def _playlists_holding(track_id: UUID) -> list[Playlist]:
    """The playlists holding the track, locked in the order of their ids."""
    holding = PlaylistItem.objects.filter(track_id=track_id).values("playlist_id")
    return list(Playlist.objects.select_for_update().filter(pk__in=holding).order_by("pk"))


@transaction.atomic
def playlists_forget_track(*, track_id: UUID) -> None:
    """Before a track is deleted: its items leave every playlist, whose later items move up."""
    for playlist in _playlists_holding(track_id):
        items = PlaylistItem.objects.filter(playlist=playlist, track_id=track_id)
        positions = sorted(items.values_list("position", flat=True))
        items.delete()
        _close_gaps(playlist.pk, removed=positions, band=playlist.track_count + 1)
        _items_changed(playlist, added=-len(positions))


@transaction.atomic
def playlists_track_duration_changed(*, track_id: UUID) -> None:
    """After a track's duration changed: the total durations of the playlists holding it."""
    for playlist in _playlists_holding(track_id):
        _items_changed(playlist, bump=False)
