"""The legacy JSON shapes: what clients send (types and required fields only; the rules are the
services') and what they get back (snake_case, nulls for unset fields, UTC timestamps)."""

from datetime import UTC

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from musewave.http.links import absolute_url
from musewave.media.datauri import is_data_url
from musewave.models import Notification
from musewave.selectors import media, privacy


def utc_timestamp(value, *, timespec: str = "microseconds") -> str:
    """`2026-02-09T10:00:00.123456Z` (or with `timespec="milliseconds"`, `….123Z`)."""
    return value.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


class UTCDateTimeField(serializers.DateTimeField):
    """Always UTC with microseconds, e.g. `2026-02-09T10:00:00.123456Z`; naive input is UTC."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        return utc_timestamp(value)


def _text(**kwargs) -> serializers.CharField:
    """An optional string that may be sent empty or null."""
    return serializers.CharField(required=False, allow_null=True, allow_blank=True, **kwargs)


# --- Output ---------------------------------------------------------------------------------------


class MediaURLField(serializers.CharField):
    """A link to media worked out from the whole object (`url_of(instance)`: a stream link,
    a stored image), absolute against the request the view puts in the context."""

    def __init__(self, url_of, **kwargs):
        self.url_of = url_of
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance):
        return absolute_url(self.context.get("request"), self.url_of(instance))


def _image(url_field: str):
    return lambda instance: media.image_url(instance, url_field)


class SocialLinksSerializer(serializers.Serializer):
    twitter = serializers.CharField(allow_null=True)
    instagram = serializers.CharField(allow_null=True)
    spotify = serializers.CharField(allow_null=True)
    soundcloud = serializers.CharField(allow_null=True)


def _viewer(serializer: serializers.Serializer):
    """The requester, as the view passes it in the context (`serializer_context`); without it,
    anonymous, so that a forgotten context never shows more."""
    return serializer.context.get("viewer")


class UserSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    email = serializers.CharField(
        allow_null=True, help_text="Only for the user themselves (by token) and staff; else null."
    )
    display_name = serializers.CharField()
    bio = serializers.CharField()
    avatar_url = MediaURLField(_image("avatar_url"), allow_null=True)
    header_url = MediaURLField(_image("header_url"), allow_null=True)
    location = serializers.CharField(allow_null=True)
    website = serializers.CharField(allow_null=True)
    social_links = SocialLinksSerializer(source="*")
    verified = serializers.BooleanField()
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not privacy.email_visible(viewer=_viewer(self), user=instance):
            data["email"] = None
        return data


class TrackSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    user_id = serializers.UUIDField(source="owner_id")
    album_id = serializers.UUIDField(allow_null=True)
    title = serializers.CharField()
    artist = serializers.CharField()
    artist_slug = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    genre = serializers.CharField()
    mood = serializers.CharField(allow_null=True)
    tags = serializers.ListField(child=serializers.CharField())
    audio_url = MediaURLField(
        lambda track: media.track_audio_url(track=track),
        help_text="What a player loads: an uploaded track's stream (signed for a draft), else "
        "the external URL.",
    )
    audio_file_size = serializers.IntegerField()
    audio_duration = serializers.FloatField()
    audio_format = serializers.CharField()
    cover_url = MediaURLField(_image("cover_url"), allow_null=True)
    cover_gradient = serializers.CharField(allow_null=True)
    waveform_data = serializers.CharField(allow_null=True)
    bpm = serializers.IntegerField(allow_null=True)
    key = serializers.CharField(allow_null=True)
    plays = serializers.IntegerField()
    likes = serializers.IntegerField()
    downloads = serializers.IntegerField()
    shares = serializers.IntegerField()
    published = serializers.BooleanField()
    published_at = UTCDateTimeField(allow_null=True)
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()


class FeedTrackSerializer(TrackSerializer):
    """A track in the feed: why it is there and when it arrived."""

    reposted_by_id = serializers.UUIDField(
        source="feed_reposter_id",
        allow_null=True,
        help_text="The followed user who reposted it; null when a followed artist published it.",
    )
    feed_at = UTCDateTimeField(help_text="When it was published or reposted: the feed's order.")


class RepostSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    user_id = serializers.UUIDField()
    track_id = serializers.UUIDField()
    created_at = UTCDateTimeField()
    shares = serializers.IntegerField(source="track.shares", help_text="The track's new count.")


class NotificationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Notification.Kind.values)
    actor_id = serializers.UUIDField(allow_null=True)
    track_id = serializers.UUIDField(allow_null=True)
    comment_id = serializers.UUIDField(allow_null=True)
    created_at = UTCDateTimeField()
    read_at = UTCDateTimeField(allow_null=True)


class NotificationsReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many unread notifications were marked read.")
    unread_count = serializers.IntegerField(help_text="How many remain unread.")


class AlbumSerializer(serializers.Serializer):
    """An album; `track_count` is read from the annotation of the same name."""

    id = serializers.UUIDField()
    user_id = serializers.UUIDField(source="owner_id")
    title = serializers.CharField()
    artist = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    cover_url = serializers.CharField(allow_null=True)
    cover_gradient = serializers.CharField(allow_null=True)
    release_date = UTCDateTimeField()
    genre = serializers.CharField()
    published = serializers.BooleanField()
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()
    track_count = serializers.IntegerField(
        help_text="How many of the album's tracks the requester may see (those listed in detail)."
    )


class AlbumDetailSerializer(AlbumSerializer):
    """An album with its tracks, which the view passes as `context["tracks"]`."""

    tracks = serializers.SerializerMethodField()

    @extend_schema_field(TrackSerializer(many=True))
    def get_tracks(self, album) -> list[dict]:
        return TrackSerializer(self.context["tracks"], many=True, context=self.context).data


class PlaylistSerializer(serializers.Serializer):
    """A playlist; `track_count` and `duration` are read from the `visible_*` annotations."""

    id = serializers.UUIDField()
    user_id = serializers.UUIDField(source="owner_id", help_text="The owner's id.")
    title = serializers.CharField()
    description = serializers.CharField()
    cover_url = serializers.CharField(allow_null=True)
    visibility = serializers.ChoiceField(choices=["public", "unlisted", "private"])
    track_count = serializers.IntegerField(
        source="visible_track_count", help_text="How many of its items the requester sees."
    )
    duration = serializers.FloatField(
        source="visible_duration", help_text="Total seconds of the items the requester sees."
    )
    version = serializers.IntegerField(
        help_text="Raised by one with every accepted edit; send it back as `expected_version`."
    )
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()


class PlaylistItemSerializer(serializers.Serializer):
    """A place in a playlist; `track` is null (for the owner and staff, the only ones who see
    such places) while the track is a draft or its artist's account is deactivated."""

    id = serializers.UUIDField()
    playlist_id = serializers.UUIDField()
    position = serializers.IntegerField(help_text="0 for the first item.")
    added_at = UTCDateTimeField()
    added_by_id = serializers.UUIDField(allow_null=True)
    track = serializers.SerializerMethodField()

    @extend_schema_field(TrackSerializer(allow_null=True))
    def get_track(self, item) -> dict | None:
        if not getattr(item, "track_available", True):
            return None
        return TrackSerializer(item.track, context=self.context).data


class PlaylistDetailSerializer(PlaylistSerializer):
    """A playlist with a page of its items, which the view passes as `context["items"]`."""

    items = serializers.SerializerMethodField()

    @extend_schema_field(PlaylistItemSerializer(many=True))
    def get_items(self, playlist) -> list[dict]:
        return PlaylistItemSerializer(self.context["items"], many=True, context=self.context).data


class LikeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    user_id = serializers.UUIDField()
    track_id = serializers.UUIDField()
    created_at = UTCDateTimeField()


class FollowSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    follower_id = serializers.UUIDField()
    following_id = serializers.UUIDField()
    created_at = UTCDateTimeField()


class _ActivitySerializer(serializers.Serializer):
    """A play or download; who made it and from where only for those who may know."""

    id = serializers.UUIDField()
    user_id = serializers.UUIDField(
        allow_null=True,
        help_text="The listener: null when anonymous, and for anyone but the listener, the "
        "track's owner and staff.",
    )
    track_id = serializers.UUIDField()
    ip_address = serializers.CharField(allow_null=True, help_text="Only for staff; else null.")
    user_agent = serializers.CharField(allow_null=True, help_text="Only for staff; else null.")
    created_at = UTCDateTimeField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        viewer = _viewer(self)
        if not privacy.listener_visible(viewer=viewer, row=instance):
            data["user_id"] = None
        if not privacy.client_details_visible(viewer=viewer):
            data["ip_address"] = data["user_agent"] = None
        return data


class PlaySerializer(_ActivitySerializer):
    duration = serializers.FloatField()
    completed = serializers.BooleanField()


class DownloadSerializer(_ActivitySerializer):
    pass


class UserStatsSerializer(serializers.Serializer):
    user_id = serializers.UUIDField()
    total_tracks = serializers.IntegerField()
    total_plays = serializers.IntegerField()
    total_likes = serializers.IntegerField()
    total_downloads = serializers.IntegerField()
    total_followers = serializers.IntegerField()
    total_following = serializers.IntegerField()
    monthly_listeners = serializers.IntegerField()
    updated_at = UTCDateTimeField()


class TrackStatsSerializer(serializers.Serializer):
    track_id = serializers.UUIDField()
    daily_plays = serializers.DictField(
        child=serializers.IntegerField(), help_text="Plays per UTC day, keyed YYYY-MM-DD."
    )
    total_unique_listeners = serializers.IntegerField()
    avg_listen_duration = serializers.FloatField()
    completion_rate = serializers.FloatField(help_text="Percentage (0–100) of completed plays.")
    updated_at = UTCDateTimeField()


class SearchResultsSerializer(serializers.Serializer):
    tracks = TrackSerializer(many=True)
    users = UserSerializer(many=True)


class StreamURLSerializer(serializers.Serializer):
    url = serializers.CharField(
        help_text="The track's stream; signed for a draft, so it plays without a header."
    )
    expires_at = UTCDateTimeField(
        allow_null=True, help_text="When a signed URL stops working; null for a published track."
    )


class SuccessSerializer(serializers.Serializer):
    success = serializers.BooleanField()


class HasLikedSerializer(serializers.Serializer):
    hasLiked = serializers.BooleanField()


class IsFollowingSerializer(serializers.Serializer):
    isFollowing = serializers.BooleanField()


class MessageErrorSerializer(serializers.Serializer):
    """A request-level error: malformed JSON, media type, method, unknown object in the path."""

    message = serializers.CharField()


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string"},
            {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        ]
    }
)
class ErrorDetailField(serializers.Field):
    """A message, or a map of field names to their messages."""


class ErrorSerializer(serializers.Serializer):
    """A validation error (`{"field": ["message"]}`) or a rule of the endpoint (a message)."""

    error = ErrorDetailField()


# --- Input: request bodies ------------------------------------------------------------------------


class SocialLinksInput(serializers.Serializer):
    twitter = _text()
    instagram = _text()
    spotify = _text()
    soundcloud = _text()


class UserCreateInput(serializers.Serializer):
    """A sign-up. The social links may come flat (`twitter`, …) or nested in `social_links`,
    as the user object shows them; a flat key wins over the same nested one."""

    username = serializers.CharField()
    email = serializers.CharField()
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    display_name = _text()
    bio = _text()
    avatar_url = _text()
    header_url = _text()
    location = _text()
    website = _text()
    twitter = _text()
    instagram = _text()
    spotify = _text()
    soundcloud = _text()
    social_links = SocialLinksInput(required=False, help_text="The links as the user shows them.")

    def validate(self, attrs):
        links = attrs.pop("social_links", None) or {}
        return {**links, **attrs}


class UserUpdateInput(UserCreateInput):
    username = serializers.CharField(required=False)
    email = serializers.CharField(required=False)
    password = serializers.CharField(write_only=True, required=False, trim_whitespace=False)


class TrackUpdateInput(serializers.Serializer):
    title = serializers.CharField(required=False)
    artist = serializers.CharField(required=False)
    artist_slug = serializers.CharField(required=False)
    genre = serializers.CharField(required=False)
    audio_url = serializers.CharField(required=False)
    audio_file_size = serializers.IntegerField(required=False)
    audio_duration = serializers.FloatField(required=False)
    audio_format = serializers.CharField(required=False)
    description = _text()
    mood = _text()
    tags = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, allow_null=True
    )
    cover_url = _text()
    cover_gradient = _text()
    waveform_data = _text()
    bpm = serializers.IntegerField(required=False, allow_null=True)
    key = _text()
    published = serializers.BooleanField(required=False)


class TrackCreateInput(TrackUpdateInput):
    """`audio_file_size`, `audio_duration` and `audio_format` are required unless `audio_url`
    is a `data:` URL, whose file says them (the service checks)."""

    user_id = serializers.UUIDField()
    title = serializers.CharField()
    artist = serializers.CharField()
    artist_slug = serializers.CharField()
    genre = serializers.CharField()
    audio_url = serializers.CharField(
        help_text="URL of the audio, or a `data:<type>;base64,…` URL of the file itself."
    )
    audio_file_size = serializers.IntegerField(
        required=False, help_text="Required unless audio_url is a data: URL."
    )
    audio_duration = serializers.FloatField(
        required=False, help_text="Required unless audio_url is a data: URL."
    )
    audio_format = serializers.CharField(
        required=False, help_text="Required unless audio_url is a data: URL."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = getattr(self, "initial_data", None)
        if not (isinstance(data, dict) and is_data_url(data.get("audio_url"))):
            for name in ("audio_file_size", "audio_duration", "audio_format"):
                self.fields[name].required = True


class TrackUploadInput(serializers.Serializer):
    """A multipart upload: the audio file, an optional cover image, and any track fields (the
    file's tags fill in those left out)."""

    audio = serializers.FileField(
        help_text="The audio file (MP3, M4A, Ogg, Opus, FLAC, WAV, AIFF)."
    )
    cover = serializers.FileField(required=False, help_text="A cover image (JPEG, PNG, WebP, GIF).")
    user_id = serializers.UUIDField(
        required=False, help_text="The owner; defaults to the signed-in user."
    )
    title = _text()
    artist = _text()
    artist_slug = _text()
    genre = _text()
    mood = _text()
    tags = _text(help_text="Comma-separated tags.")
    description = _text()
    bpm = serializers.IntegerField(required=False, allow_null=True)
    key = _text()
    published = serializers.BooleanField(required=False)


class AlbumUpdateInput(serializers.Serializer):
    title = serializers.CharField(required=False)
    artist = serializers.CharField(required=False)
    genre = serializers.CharField(required=False)
    release_date = UTCDateTimeField(required=False)
    description = _text()
    cover_url = _text()
    cover_gradient = _text()
    published = serializers.BooleanField(required=False)
    track_ids = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        allow_null=True,
        help_text="Ids of the owner's tracks; on update, the album's exact track list.",
    )


class AlbumCreateInput(AlbumUpdateInput):
    user_id = serializers.UUIDField()
    title = serializers.CharField()
    artist = serializers.CharField()
    genre = serializers.CharField()
    release_date = UTCDateTimeField()


class UserActorInput(serializers.Serializer):
    """The acting user, as legacy clients (`userId`) or newer ones (`user_id`) name it."""

    userId = _text(help_text="The acting user's id.")
    user_id = _text(help_text="Alias of userId.")


class FollowerActorInput(serializers.Serializer):
    followerId = _text(help_text="The id of the user who follows.")
    follower_id = _text(help_text="Alias of followerId.")


class PlayInput(UserActorInput):
    """A listen: who (optional, as for likes), for how long, and whether it was heard to the end."""

    duration = serializers.FloatField(
        required=False, allow_null=True, help_text="Seconds listened (default 0)."
    )
    completed = serializers.BooleanField(required=False, allow_null=True)


class PlaylistEditorInput(serializers.Serializer):
    """Who edits (legacy clients without a token name themselves) and the version edited."""

    user_id = _text(help_text="The acting user's id; with a token, the token's user.")
    expected_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The playlist's `version` the edit was made against; 409 if it has changed.",
    )


class PlaylistUpdateInput(PlaylistEditorInput):
    title = serializers.CharField(
        required=False, trim_whitespace=False, help_text="1–100 characters."
    )
    description = _text(help_text="At most 1000 characters.")
    cover_url = _text(help_text="An http(s) URL of the cover image.")
    visibility = serializers.CharField(required=False, help_text="public, unlisted or private.")


class PlaylistCreateInput(PlaylistUpdateInput):
    user_id = _text(help_text="The owner's id; with a token, the token's user.")
    title = serializers.CharField(trim_whitespace=False, help_text="1–100 characters.")


class PlaylistTracksInput(PlaylistEditorInput):
    track_ids = serializers.ListField(
        child=serializers.CharField(), help_text="Tracks to add, in order; repeats allowed."
    )
    position = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Where the first one goes, 0…track_count (default: the end).",
    )


class PlaylistMoveInput(PlaylistEditorInput):
    position = serializers.IntegerField(help_text="The item's new position, 0…track_count-1.")


class PlaylistOrderInput(PlaylistEditorInput):
    item_ids = serializers.ListField(
        child=serializers.CharField(),
        help_text="Every item id of the playlist exactly once, in the new order.",
    )


class PlaylistDuplicateInput(serializers.Serializer):
    user_id = _text(help_text="The new owner's id; with a token, the token's user.")
    title = _text(help_text="The copy's title (default: the original's).")
    visibility = _text(help_text="The copy's visibility (default: private).")


# --- Input: query parameters ----------------------------------------------------------------------


@extend_schema_field({"anyOf": [{"type": "integer"}, {"type": "string", "enum": [""]}]})
class QueryIntegerField(serializers.IntegerField):
    """An integer query parameter; sent empty (`?limit=`) it is the default, as if absent (as
    DRF reads query strings)."""


class PageParams(serializers.Serializer):
    limit = QueryIntegerField(
        required=False, help_text="Page size, 1–200 (default 50); out-of-range values are clamped."
    )
    offset = QueryIntegerField(required=False, help_text="Items to skip (default 0).")


class NotificationListParams(PageParams):
    unread_only = serializers.BooleanField(
        required=False, default=False, help_text="Only notifications not yet marked read."
    )


class NotificationsReadInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        allow_null=True,
        max_length=1000,
        help_text="The notifications to mark read; omitted or null: all of them.",
    )


class TrackListParams(PageParams):
    userId = _text(help_text="Only this user's tracks.")
    user_id = _text(help_text="Alias of userId.")
    genre = _text(help_text="Case-insensitive exact genre.")
    mood = _text(help_text="Case-insensitive exact mood.")
    tags = _text(help_text="Comma-separated tags; a track must have every one.")
    published = _text(help_text="`true` or `false`; any other value is ignored.")
    sortBy = _text(
        help_text="created_at (default), published_at, plays, likes, downloads or title; "
        "createdAt and publishedAt too."
    )
    sort_by = _text(help_text="Alias of sortBy.")
    sortOrder = _text(help_text="`desc` (default); anything else is ascending.")
    sort_order = _text(help_text="Alias of sortOrder.")


class SearchParams(serializers.Serializer):
    q = _text(help_text="The search text (required).")
    type = _text(help_text="all (default), tracks or users.")
    limit = QueryIntegerField(required=False, help_text="Results per kind, 1–200 (default 20).")


# --- Authentication -------------------------------------------------------------------------------


class LoginInput(serializers.Serializer):
    username_or_email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class RefreshInput(serializers.Serializer):
    refresh = serializers.CharField(max_length=4096)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class LoginSerializer(serializers.Serializer):
    token = TokenPairSerializer()
    user = UserSerializer()
