"""The Express dialect's JSON shapes.

Input: the original's schemas, strictly typed (a number is not a string, `null` is not a
value), in snake_case (the camel-case parser has translated the keys); their failures become
the original's issues. Output: the legacy shapes with unset fields left out, timestamps in
milliseconds and whole numbers without a fraction (the camel-case renderer spells the keys).
"""

from datetime import UTC
from functools import cached_property
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.fields import empty

from musewave.models import Album, Track, User
from rest_compat.express.errors import _MISSING, camel, type_issue
from rest_compat.serializers import activity as legacy_activity
from rest_compat.serializers import albums as legacy_albums
from rest_compat.serializers import auth as legacy_auth
from rest_compat.serializers import social as legacy_social
from rest_compat.serializers import tracks as legacy_tracks
from rest_compat.serializers import users as legacy_users
from rest_compat.serializers.common import UTCDateTimeField, in_milliseconds

# --- Input fields ---------------------------------------------------------------------------------


class StrictString(serializers.CharField):
    """A JSON string, taken as sent (no trimming); `""` passes unless a minimum is set."""

    expected = "string"
    default_error_messages = {"invalid_type": "Expected a string."}

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("allow_blank", not kwargs.get("min_length"))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_type")
        return super().to_internal_value(data)

    def run_validation(self, data=empty):
        if data is not empty and data is not None and not isinstance(data, str):
            self.fail("invalid_type")
        return super().run_validation(data)


class StrictEmail(StrictString, serializers.EmailField):
    validation = "email"


class StrictURL(StrictString, serializers.URLField):
    validation = "url"


class StrictNumber(serializers.FloatField):
    """A JSON number (an integer stays an integer)."""

    expected = "number"
    default_error_messages = {"invalid_type": "Expected a number."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid_type")
        value = super().to_internal_value(data)
        return data if isinstance(data, int) else value


class StrictBoolean(serializers.BooleanField):
    expected = "boolean"
    default_error_messages = {"invalid_type": "Expected a boolean."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid_type")
        return data


class StrictStringList(serializers.ListField):
    expected = "array"

    def __init__(self, **kwargs):
        kwargs.setdefault("child", StrictString())
        super().__init__(**kwargs)


class DateText(StrictString):
    """Any string, kept as the moment it names: an ISO date (midnight UTC) or date and time."""

    default_error_messages = {"invalid_date": "Enter an ISO 8601 date or date and time."}

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            moment = parse_datetime(text)
            day = None if moment else parse_date(text)
        except ValueError:
            moment = day = None
        if moment is None and day is not None:
            moment = parse_datetime(f"{day.isoformat()}T00:00:00")
        if moment is None:
            self.fail("invalid_date")
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# --- Issues ---------------------------------------------------------------------------------------


def _expected(field: serializers.Field) -> str:
    if isinstance(field, serializers.Serializer):
        return "object"
    return getattr(field, "expected", "string")


def _issue(field: serializers.Field, error, path: list, value: Any) -> dict[str, Any]:
    code = getattr(error, "code", None)
    expected = _expected(field)
    if code in ("required", "null", "invalid_type", "not_a_list", "not_a_dict") or (
        code == "invalid" and isinstance(field, serializers.Serializer)
    ):
        return type_issue(path, expected, value)
    if code in ("blank", "min_length"):
        minimum = field.min_length or 1
        return {
            "code": "too_small",
            "minimum": minimum,
            "type": "string",
            "inclusive": True,
            "exact": False,
            "message": f"String must contain at least {minimum} character(s)",
            "path": path,
        }
    if code == "max_length":
        maximum = field.max_length
        return {
            "code": "too_big",
            "maximum": maximum,
            "type": "string",
            "inclusive": True,
            "exact": False,
            "message": f"String must contain at most {maximum} character(s)",
            "path": path,
        }
    if code == "min_value":
        minimum = field.min_value
        return {
            "code": "too_small",
            "minimum": minimum,
            "type": "number",
            "inclusive": True,
            "exact": False,
            "message": f"Number must be greater than or equal to {minimum}",
            "path": path,
        }
    if code == "invalid" and getattr(field, "validation", None):
        validation = field.validation
        return {
            "validation": validation,
            "code": "invalid_string",
            "message": f"Invalid {validation}",
            "path": path,
        }
    return {"code": "custom", "message": str(error), "path": path}


def _value(data: Any, key: Any) -> Any:
    try:
        return data[key]
    except (KeyError, IndexError, TypeError):
        return _MISSING


def issues(field: serializers.Field, errors: Any, data: Any, path: list) -> list[dict[str, Any]]:
    """The issues of `errors` (DRF's detail for `field`, which was given `data`), in schema
    order, each with its path in this dialect's spelling."""
    if isinstance(field, serializers.Serializer) and isinstance(errors, dict):
        found = []
        for name, child in field.fields.items():
            if name in errors:
                found += issues(child, errors[name], _value(data, name), [*path, camel(name)])
        if "non_field_errors" in errors:
            found += issues(field, errors["non_field_errors"], data, path)
        return found
    if isinstance(field, serializers.ListField) and isinstance(errors, dict):
        return [
            issue
            for index, item_errors in sorted(errors.items())
            for issue in issues(field.child, item_errors, _value(data, index), [*path, index])
        ]
    if isinstance(errors, list):
        return [_issue(field, error, path, data) for error in errors[:1]]
    return [_issue(field, errors, path, data)]


# --- Input: request bodies ------------------------------------------------------------------------


@extend_schema_serializer(component_name="ExpressSocialLinksInput")
class SocialLinksInput(serializers.Serializer):
    twitter = StrictString(required=False)
    instagram = StrictString(required=False)
    spotify = StrictString(required=False)
    soundcloud = StrictString(required=False)


@extend_schema_serializer(component_name="ExpressUserCreateInput")
class UserCreateInput(serializers.Serializer):
    username = StrictString(min_length=3, max_length=_length(User, "username"))
    email = StrictEmail()
    password = StrictString(write_only=True)
    display_name = StrictString(required=False)
    bio = StrictString(required=False, max_length=500)
    avatar_url = StrictURL(required=False)
    header_url = StrictURL(required=False)
    website = StrictURL(required=False)
    location = StrictString(required=False)
    social_links = SocialLinksInput(required=False, help_text="Replaces every link at once.")


@extend_schema_serializer(component_name="ExpressUserUpdateInput")
class UserUpdateInput(UserCreateInput):
    username = StrictString(required=False, min_length=3, max_length=_length(User, "username"))
    email = StrictEmail(required=False)
    password = StrictString(write_only=True, required=False)


@extend_schema_serializer(component_name="ExpressTrackUpdateInput")
class TrackUpdateInput(serializers.Serializer):
    title = StrictString(required=False, min_length=1, max_length=_length(Track, "title"))
    artist = StrictString(required=False, min_length=1, max_length=_length(Track, "artist"))
    artist_slug = StrictString(required=False)
    genre = StrictString(required=False, max_length=_length(Track, "genre"))
    audio_url = StrictURL(required=False)
    audio_file_size = StrictNumber(required=False)
    audio_duration = StrictNumber(required=False)
    audio_format = StrictString(required=False)
    album_id = StrictString(required=False, help_text="One of the owner's albums.")
    description = StrictString(required=False, max_length=2000)
    mood = StrictString(required=False, max_length=_length(Track, "mood"))
    tags = StrictStringList(required=False)
    cover_url = StrictURL(required=False)
    cover_gradient = StrictString(required=False)
    waveform_data = StrictString(required=False)
    bpm = StrictNumber(required=False)
    key = StrictString(required=False)
    published = StrictBoolean(required=False)


@extend_schema_serializer(component_name="ExpressTrackCreateInput")
class TrackCreateInput(TrackUpdateInput):
    user_id = StrictString()
    title = StrictString(min_length=1, max_length=_length(Track, "title"))
    artist = StrictString(min_length=1, max_length=_length(Track, "artist"))
    artist_slug = StrictString()
    genre = StrictString(max_length=_length(Track, "genre"))
    audio_url = StrictURL()
    audio_file_size = StrictNumber()
    audio_duration = StrictNumber()
    audio_format = StrictString()

    def get_fields(self):
        # The original's schema order: the owner first, then the track's fields.
        fields = super().get_fields()
        return {"user_id": fields.pop("user_id"), **fields}


@extend_schema_serializer(component_name="ExpressAlbumUpdateInput")
class AlbumUpdateInput(serializers.Serializer):
    title = StrictString(required=False, min_length=1, max_length=_length(Album, "title"))
    artist = StrictString(required=False, min_length=1, max_length=_length(Album, "artist"))
    genre = StrictString(required=False, max_length=_length(Album, "genre"))
    release_date = DateText(required=False)
    description = StrictString(required=False, max_length=2000)
    cover_url = StrictURL(required=False)
    cover_gradient = StrictString(required=False)
    published = StrictBoolean(required=False)


@extend_schema_serializer(component_name="ExpressAlbumCreateInput")
class AlbumCreateInput(AlbumUpdateInput):
    user_id = StrictString()
    title = StrictString(min_length=1, max_length=_length(Album, "title"))
    artist = StrictString(min_length=1, max_length=_length(Album, "artist"))
    genre = StrictString(max_length=_length(Album, "genre"))
    release_date = DateText()
    track_ids = StrictStringList(
        required=False, help_text="Required: the owner's tracks that join the album (may be [])."
    )

    def get_fields(self):
        fields = super().get_fields()
        return {"user_id": fields.pop("user_id"), **fields}


@extend_schema_serializer(component_name="ExpressUserActorInput")
class UserActorInput(serializers.Serializer):
    user_id = StrictString(required=False, help_text="The acting user's id.")


@extend_schema_serializer(component_name="ExpressFollowerActorInput")
class FollowerActorInput(serializers.Serializer):
    follower_id = StrictString(required=False, help_text="The id of the user who follows.")


@extend_schema_serializer(component_name="ExpressPlayInput")
class PlayInput(UserActorInput):
    duration = StrictNumber(required=False, min_value=0, help_text="Seconds listened (default 0).")
    completed = StrictBoolean(required=False)


# --- Output ---------------------------------------------------------------------------------------


class ExpressOutput(serializers.Serializer):
    # Unset fields are absent (never null), timestamps carry milliseconds, whole numbers have
    # no fraction; `blank_is_unset` names text fields whose empty value means unset.

    blank_is_unset: tuple[str, ...] = ()

    @cached_property
    def _timestamps_and_nested(self) -> tuple[frozenset[str], frozenset[str]]:
        """The names of the timestamp fields and of the nested shapes."""
        fields = self.fields.items()
        return (
            frozenset(name for name, field in fields if isinstance(field, UTCDateTimeField)),
            frozenset(name for name, field in fields if isinstance(field, serializers.Serializer)),
        )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        timestamps, nested = self._timestamps_and_nested
        shown = {}
        for name, value in data.items():
            if value is None:
                continue
            if name in timestamps:
                value = in_milliseconds(value)
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            elif name in nested and isinstance(value, dict):
                value = {key: item for key, item in value.items() if item is not None} or None
            if value is None or (value == "" and name in self.blank_is_unset):
                continue
            shown[name] = value
        return shown


@extend_schema_serializer(component_name="ExpressUser")
class UserSerializer(ExpressOutput, legacy_users.UserSerializer):
    blank_is_unset = ("display_name", "bio")


@extend_schema_serializer(component_name="ExpressTrack")
class TrackSerializer(ExpressOutput, legacy_tracks.TrackSerializer):
    pass


@extend_schema_serializer(component_name="ExpressAlbum")
class AlbumSerializer(ExpressOutput, legacy_albums.AlbumSerializer):
    track_count = None


@extend_schema_serializer(component_name="ExpressAlbumDetail")
class AlbumDetailSerializer(ExpressOutput, legacy_albums.AlbumDetailSerializer):
    track_count = None

    @extend_schema_field(TrackSerializer(many=True))
    def get_tracks(self, album) -> list[dict]:
        return TrackSerializer(self.context["tracks"], many=True, context=self.context).data


@extend_schema_serializer(component_name="ExpressLike")
class LikeSerializer(ExpressOutput, legacy_activity.LikeSerializer):
    pass


@extend_schema_serializer(component_name="ExpressFollow")
class FollowSerializer(ExpressOutput, legacy_social.FollowSerializer):
    pass


@extend_schema_serializer(component_name="ExpressPlay")
class PlaySerializer(ExpressOutput, legacy_activity.PlaySerializer):
    pass


@extend_schema_serializer(component_name="ExpressDownload")
class DownloadSerializer(ExpressOutput, legacy_activity.DownloadSerializer):
    pass


@extend_schema_serializer(component_name="ExpressUserStats")
class UserStatsSerializer(ExpressOutput, legacy_users.UserStatsSerializer):
    pass


@extend_schema_serializer(component_name="ExpressTrackStats")
class TrackStatsSerializer(ExpressOutput, legacy_tracks.TrackStatsSerializer):
    pass


@extend_schema_serializer(component_name="ExpressSearchResults")
class SearchResultsSerializer(serializers.Serializer):
    tracks = TrackSerializer(many=True)
    users = UserSerializer(many=True)


@extend_schema_serializer(component_name="ExpressLogin")
class LoginSerializer(serializers.Serializer):
    token = legacy_auth.TokenPairSerializer()
    user = UserSerializer()


@extend_schema_serializer(component_name="ExpressError")
class ErrorSerializer(serializers.Serializer):
    """`{"error": "<text>"}` or, for schema validation, `{"error": [issue, …]}`."""

    error = serializers.JSONField()


@extend_schema_serializer(component_name="ExpressMessageError")
class MessageErrorSerializer(serializers.Serializer):
    """A body that is not valid JSON."""

    message = serializers.CharField()
