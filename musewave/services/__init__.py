"""Every write of MuseWave: typed, keyword-only, each in one transaction."""

from musewave.services.albums import album_create, album_delete, album_update
from musewave.services.listening import download_record, play_record
from musewave.services.media import track_audio_process
from musewave.services.notifications import notifications_mark_read
from musewave.services.playlists import (
    playlist_create,
    playlist_delete,
    playlist_duplicate,
    playlist_item_move,
    playlist_item_remove,
    playlist_items_add,
    playlist_items_reorder,
    playlist_update,
)
from musewave.services.social import (
    comment_create,
    comment_delete,
    follow_create,
    follow_delete,
    like_create,
    like_delete,
    repost_create,
    repost_delete,
)
from musewave.services.tracks import (
    track_cover_set,
    track_create,
    track_delete,
    track_update,
    track_upload,
)
from musewave.services.users import user_create, user_images_set, user_set_active, user_update

__all__ = [
    "album_create",
    "album_delete",
    "album_update",
    "comment_create",
    "comment_delete",
    "download_record",
    "follow_create",
    "follow_delete",
    "like_create",
    "like_delete",
    "notifications_mark_read",
    "play_record",
    "playlist_create",
    "playlist_delete",
    "playlist_duplicate",
    "playlist_item_move",
    "playlist_item_remove",
    "playlist_items_add",
    "playlist_items_reorder",
    "playlist_update",
    "repost_create",
    "repost_delete",
    "track_audio_process",
    "track_cover_set",
    "track_create",
    "track_delete",
    "track_update",
    "track_upload",
    "user_create",
    "user_images_set",
    "user_set_active",
    "user_update",
]
