"""What of a user's data a viewer may read, the one rule both APIs apply.

- A user's email: only the user themselves (proved by a token) and staff.
- The address and user agent a play or download was recorded from: only staff.
- Who listened (a play's or download's user): only that user, the track's owner and staff.

Rows keep their fields; the APIs show `null` for what the viewer may not read.
"""

from django.db.models import F, QuerySet

from musewave.models import Download, Play, Track, User

# The annotation `with_track_owner` adds, read by `listener_visible`.
TRACK_OWNER_ATTR = "track_owner_id"

Activity = Play | Download


def _is_staff(viewer: User | None) -> bool:
    return viewer is not None and viewer.is_staff


def email_visible(*, viewer: User | None, user: User) -> bool:
    return viewer is not None and (viewer.pk == user.pk or viewer.is_staff)


def client_details_visible(*, viewer: User | None) -> bool:
    """Whether `viewer` may read the address and user agent of plays and downloads."""
    return _is_staff(viewer)


def with_track_owner(rows: QuerySet) -> QuerySet:
    """Plays or downloads, each with the id of its track's owner, which `listener_visible`
    needs, read in the same query."""
    return rows.annotate(**{TRACK_OWNER_ATTR: F("track__owner_id")})


def _track_owner_id(row: Activity):
    if TRACK_OWNER_ATTR in row.__dict__:
        return row.__dict__[TRACK_OWNER_ATTR]
    if type(row)._meta.get_field("track").is_cached(row):
        return row.track.owner_id
    return Track.objects.filter(pk=row.track_id).values_list("owner_id", flat=True).first()


def listener_visible(*, viewer: User | None, row: Activity) -> bool:
    """Whether `viewer` may know who made the play or download `row` (anonymous ones name no
    one anyway)."""
    if viewer is None or row.user_id is None:
        return False
    if viewer.is_staff or viewer.pk == row.user_id:
        return True
    return viewer.pk == _track_owner_id(row)
