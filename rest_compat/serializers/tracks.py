"""Tracks: the track as shown, its statistics, creation, upload, edits and list filters."""

from rest_framework import serializers

from musewave.media.datauri import is_data_url
from musewave.selectors import media
from rest_compat.serializers.common import (
    MediaURLField,
    PageParams,
    Shape,
    UTCDateTimeField,
    image_url_field,
    optional_text,
)


class TrackSerializer(Shape):
    # Read by no field here nor by the links: the waveform's peaks (GraphQL's `Track.waveform`),
    # the streaming rendition, and what the media pipeline measured and where it stands.
    unshown_fields = (
        "waveform",
        "stream_file",
        "audio_codec",
        "audio_bitrate",
        "audio_sample_rate",
        "audio_channels",
        "loudness",
        "true_peak",
        "replay_gain",
        "processing_status",
        "processing_error",
        "activity_sequence",
        "downloadable",
    )

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
    cover_url = image_url_field("cover_url")
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


class StreamURLSerializer(serializers.Serializer):
    url = serializers.CharField(
        help_text="The track's stream; signed for a draft, so it plays without a header."
    )
    expires_at = UTCDateTimeField(
        allow_null=True, help_text="When a signed URL stops working; null for a published track."
    )


class TrackStatsSerializer(serializers.Serializer):
    track_id = serializers.UUIDField()
    daily_plays = serializers.DictField(
        child=serializers.IntegerField(), help_text="Plays per UTC day, keyed YYYY-MM-DD."
    )
    total_unique_listeners = serializers.IntegerField()
    avg_listen_duration = serializers.FloatField()
    completion_rate = serializers.FloatField(help_text="Percentage (0–100) of completed plays.")
    updated_at = UTCDateTimeField()


class TrackUpdateInput(serializers.Serializer):
    title = serializers.CharField(required=False)
    artist = serializers.CharField(required=False)
    artist_slug = serializers.CharField(required=False)
    genre = serializers.CharField(required=False)
    audio_url = serializers.CharField(required=False)
    audio_file_size = serializers.IntegerField(required=False)
    audio_duration = serializers.FloatField(required=False)
    audio_format = serializers.CharField(required=False)
    description = optional_text()
    mood = optional_text()
    tags = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, allow_null=True
    )
    cover_url = optional_text()
    cover_gradient = optional_text()
    waveform_data = optional_text()
    bpm = serializers.IntegerField(required=False, allow_null=True)
    key = optional_text()
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
    title = optional_text()
    artist = optional_text()
    artist_slug = optional_text()
    genre = optional_text()
    mood = optional_text()
    tags = optional_text(help_text="Comma-separated tags.")
    description = optional_text()
    bpm = serializers.IntegerField(required=False, allow_null=True)
    key = optional_text()
    published = serializers.BooleanField(required=False)


class TrackListParams(PageParams):
    userId = optional_text(help_text="Only this user's tracks.")
    user_id = optional_text(help_text="Alias of userId.")
    genre = optional_text(help_text="Case-insensitive exact genre.")
    mood = optional_text(help_text="Case-insensitive exact mood.")
    tags = optional_text(help_text="Comma-separated tags; a track must have every one.")
    published = optional_text(help_text="`true` or `false`; any other value is ignored.")
    sortBy = optional_text(
        help_text="created_at (default), published_at, plays, likes, downloads or title; "
        "createdAt and publishedAt too."
    )
    sort_by = optional_text(help_text="Alias of sortBy.")
    sortOrder = optional_text(help_text="`desc` (default); anything else is ascending.")
    sort_order = optional_text(help_text="Alias of sortOrder.")
