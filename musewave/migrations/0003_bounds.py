"""Clamp rows stored before the bounds of the settings were enforced to those bounds.

Plays last from 0 to MUSEWAVE_MAX_PLAY_SECONDS, and no longer than their track plus
MUSEWAVE_PLAY_DURATION_MARGIN_SECONDS when its duration is known; tracks last at most
MUSEWAVE_MAX_AUDIO_SECONDS, have a tempo of 1 to MUSEWAVE_MAX_BPM, an audio file of at most
MUSEWAVE_MAX_AUDIO_BYTES, at most MUSEWAVE_MAX_TAGS tags of MUSEWAVE_MAX_TAG_CHARS characters,
descriptions (of albums too) of at most MUSEWAVE_MAX_DESCRIPTION_CHARS characters, and waveform
data of at most MUSEWAVE_MAX_WAVEFORM_BYTES (a longer one, truncated, would be unusable: it is
dropped). Numbers beyond the limit, infinite or not a number (PostgreSQL orders NaN above every
number) become the limit. Reversing keeps the clamped values.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Least, Length, Substr


def _limit(name: str, default):
    return getattr(settings, name, default)


def clamp(apps, schema_editor):
    Play = apps.get_model("musewave", "Play")
    Track = apps.get_model("musewave", "Track")
    Album = apps.get_model("musewave", "Album")
    day = float(_limit("MUSEWAVE_MAX_PLAY_SECONDS", 86400.0))
    margin = float(_limit("MUSEWAVE_PLAY_DURATION_MARGIN_SECONDS", 5.0))
    max_audio = float(_limit("MUSEWAVE_MAX_AUDIO_SECONDS", 86400.0))
    max_bpm = int(_limit("MUSEWAVE_MAX_BPM", 999))
    max_bytes = int(_limit("MUSEWAVE_MAX_AUDIO_BYTES", 4 * 1024**3))
    max_tags = int(_limit("MUSEWAVE_MAX_TAGS", 30))
    max_tag_chars = int(_limit("MUSEWAVE_MAX_TAG_CHARS", 50))
    max_description = int(_limit("MUSEWAVE_MAX_DESCRIPTION_CHARS", 5000))
    max_waveform = int(_limit("MUSEWAVE_MAX_WAVEFORM_BYTES", 64 * 1024))

    # Tracks first: the plays are then clamped to the tracks' clamped durations.
    Track.objects.filter(audio_duration__gt=max_audio).update(audio_duration=max_audio)
    Track.objects.filter(audio_duration__lt=0).update(audio_duration=0.0)
    Track.objects.filter(bpm__gt=max_bpm).update(bpm=max_bpm)
    Track.objects.filter(bpm__lt=1).update(bpm=None)
    Track.objects.filter(audio_file_size__gt=max_bytes).update(audio_file_size=max_bytes)
    for model in (Track, Album):
        model.objects.annotate(n=Length("description")).filter(n__gt=max_description).update(
            description=Substr("description", 1, max_description)
        )
    # Characters are at most 4 bytes: only rows with more than a quarter of the limit in
    # characters can be over it, and only those are read.
    long_waveforms = Track.objects.annotate(n=Length("waveform_data")).filter(
        n__gt=max_waveform // 4
    )
    for pk, data in long_waveforms.values_list("pk", "waveform_data").iterator():
        if len(data.encode("utf-8", "surrogatepass")) > max_waveform:
            Track.objects.filter(pk=pk).update(waveform_data=None)
    for pk, tags in Track.objects.values_list("pk", "tags").iterator():
        if not isinstance(tags, list):
            Track.objects.filter(pk=pk).update(tags=[])
            continue
        kept = list(dict.fromkeys(str(tag)[:max_tag_chars] for tag in tags))[:max_tags]
        if kept != tags:
            Track.objects.filter(pk=pk).update(tags=kept)

    Play.objects.filter(duration__lt=0).update(duration=0.0)
    Play.objects.filter(duration__gt=day).update(duration=day)
    track_length = Subquery(
        Track.objects.filter(pk=OuterRef("track_id")).values("audio_duration")[:1]
    )
    Play.objects.filter(
        Q(track__audio_duration__gt=0), duration__gt=F("track__audio_duration") + margin
    ).update(duration=Least(track_length + Value(margin), Value(day)))


class Migration(migrations.Migration):
    dependencies = [("musewave", "0002_search_index")]

    operations = [migrations.RunPython(clamp, migrations.RunPython.noop)]
