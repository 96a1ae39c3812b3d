"""Rules on single stored values shared by every write: the bounds of numbers and sizes (from the
settings) and the web URLs a track may point to."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator

from musewave.errors import ValidationFailed
from musewave.models import Album, Play, Track

WEB_URL_SCHEMES = ("http", "https")
_web_url = URLValidator(schemes=list(WEB_URL_SCHEMES))
WEB_URL_MESSAGE = "Enter a valid http:// or https:// URL."


def check_web_url(*, field: str, value: Any) -> None:
    """`value` (when set) must be an absolute `http:` or `https:` URL: no `javascript:`, `data:`,
    `file:`, scheme-relative (`//host`) or bare text. ValidationFailed on `field` otherwise."""
    if value is None or value == "":
        return
    try:
        if not isinstance(value, str):
            raise DjangoValidationError(WEB_URL_MESSAGE)
        _web_url(value)
    except DjangoValidationError:
        raise ValidationFailed.field(field, WEB_URL_MESSAGE) from None


def _at_most_chars(limit: int) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if isinstance(value, str) and len(value) > limit:
            raise DjangoValidationError(f"Ensure this value has at most {limit} characters.")

    return check


def _at_most_bytes(limit: int) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if isinstance(value, str) and len(value.encode("utf-8", "surrogatepass")) > limit:
            raise DjangoValidationError(f"Ensure this value has at most {limit} bytes.")

    return check


def max_play_seconds(track: Track) -> float:
    """The longest a play of `track` may last: a day (MUSEWAVE_MAX_PLAY_SECONDS), and no more
    than the track's duration plus MUSEWAVE_PLAY_DURATION_MARGIN_SECONDS when it is known."""
    limit = float(settings.MUSEWAVE_MAX_PLAY_SECONDS)
    length = track.audio_duration
    if isinstance(length, int | float) and length > 0:
        limit = min(limit, float(length) + float(settings.MUSEWAVE_PLAY_DURATION_MARGIN_SECONDS))
    return limit


def _validators(instance: Any) -> dict[str, list[Callable[[Any], None]]]:
    """Per field of `instance`, the bounds in force now."""
    description = [_at_most_chars(settings.MUSEWAVE_MAX_DESCRIPTION_CHARS)]
    if isinstance(instance, Track):
        return {
            "description": description,
            "waveform_data": [_at_most_bytes(settings.MUSEWAVE_MAX_WAVEFORM_BYTES)],
            "audio_duration": [
                MinValueValidator(0),
                MaxValueValidator(settings.MUSEWAVE_MAX_AUDIO_SECONDS),
            ],
            "audio_file_size": [
                MinValueValidator(0),
                MaxValueValidator(settings.MUSEWAVE_MAX_AUDIO_BYTES),
            ],
            "bpm": [MinValueValidator(1), MaxValueValidator(settings.MUSEWAVE_MAX_BPM)],
        }
    if isinstance(instance, Album):
        return {"description": description}
    if isinstance(instance, Play):
        return {
            "duration": [MinValueValidator(0), MaxValueValidator(max_play_seconds(instance.track))]
        }
    return {}


def check_bounds(instance: Any) -> None:
    """Every number and size of `instance` within the bounds of the settings; otherwise
    ValidationFailed with a message per field out of range."""
    errors: dict[str, list[str]] = {}
    for name, validators in _validators(instance).items():
        value = getattr(instance, name)
        if value is None:
            continue
        for validator in validators:
            try:
                validator(value)
            except DjangoValidationError as exc:
                errors.setdefault(name, []).extend(str(m) for m in exc.messages)
                break
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors)
