"""Taking files in: checking audio and images, turning the legacy `data:` URLs into files, and
keeping a model's stored files in step with its URL fields. Shared by the track and user
services; every failure is a ValidationFailed (or PayloadTooLarge) naming the field."""

import io
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import models

from musewave.errors import PayloadTooLarge, ValidationFailed
from musewave.media import storage
from musewave.media.datauri import is_data_url, parse_data_url
from musewave.media.errors import MediaError, MediaTooLarge, check_size
from musewave.media.images import ProcessedImage, process_image
from musewave.media.probe import AudioInfo, Source, probe_audio
from musewave.media.tags import AudioTags, read_tags
from musewave.selectors.media import IMAGE_FILES, stored_file_shown

# The image fields of each model: URL field → (large file field, small file field, folder).
TRACK_IMAGES = {"cover_url": (*IMAGE_FILES["cover_url"], "covers")}
USER_IMAGES = {
    "avatar_url": (*IMAGE_FILES["avatar_url"], "avatars"),
    "header_url": (*IMAGE_FILES["header_url"], "headers"),
}
# Which images are cropped square.
SQUARE_IMAGES = {"cover_url", "avatar_url"}


@dataclass(frozen=True)
class IncomingAudio:
    """An audio upload that decoded, with what it says about itself."""

    file: File
    info: AudioInfo
    tags: AudioTags
    filename_title: str | None


def media_error(field: str, error: MediaError) -> ValidationFailed:
    if isinstance(error, MediaTooLarge):
        return PayloadTooLarge(str(error), {field: [str(error)]})
    return ValidationFailed.field(field, str(error))


def _source(file: File) -> Source:
    path = getattr(file, "temporary_file_path", None)
    if callable(path):
        return path()
    file.seek(0)
    return file


def title_from_filename(name: str | None) -> str | None:
    """A title from an uploaded file's name (its base name without the extension)."""
    if not name:
        return None
    stem = os.path.splitext(os.path.basename(name.replace("\\", "/")))[0]
    stem = stem.replace("_", " ").replace("\x00", "").strip()
    return stem[:200] or None


def audio_check(file: File, *, field: str) -> IncomingAudio:
    """Decode an uploaded audio file and read its tags; refused files raise for `field`."""
    try:
        check_size(file.size or 0, max_bytes=settings.MUSEWAVE_UPLOAD_MAX_AUDIO_BYTES)
        info = probe_audio(_source(file))
    except MediaError as exc:
        raise media_error(field, exc) from exc
    if info.duration > settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS:
        raise ValidationFailed.field(
            field,
            f"The audio is longer than the limit of {settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS:g} "
            "seconds.",
        )
    tags = read_tags(_source(file))
    return IncomingAudio(
        file=file, info=info, tags=tags, filename_title=title_from_filename(file.name)
    )


def image_check(
    data: bytes | IO[bytes], *, field: str, square: bool, cover: bool = False
) -> ProcessedImage:
    """Verify and re-encode an uploaded image; refused files raise for `field`."""
    if not isinstance(data, bytes):
        size = getattr(data, "size", None)
        if size is not None and size > settings.MUSEWAVE_MAX_IMAGE_BYTES:
            raise media_error(field, MediaTooLarge(settings.MUSEWAVE_MAX_IMAGE_BYTES))
        data.seek(0)
        data = data.read(settings.MUSEWAVE_MAX_IMAGE_BYTES + 1)
    try:
        check_size(len(data), max_bytes=settings.MUSEWAVE_MAX_IMAGE_BYTES)
        return process_image(data, square=square, max_pixels=settings.MUSEWAVE_MAX_IMAGE_PIXELS)
    except MediaError as exc:
        raise media_error(field, exc) from exc


def decode_data_url(value: str, *, field: str, max_bytes: int) -> bytes:
    try:
        return parse_data_url(value, max_bytes=max_bytes).data
    except MediaError as exc:
        raise media_error(field, exc) from exc


def data_audio(value: str, *, field: str) -> IncomingAudio:
    """The audio of a `data:` URL, checked like an uploaded file."""
    data = decode_data_url(value, field=field, max_bytes=settings.MUSEWAVE_UPLOAD_MAX_AUDIO_BYTES)
    return audio_check(File(io.BytesIO(data), name=None), field=field)


def store_image(
    stored: storage.StoredFiles, image: ProcessedImage, *, folder: str
) -> tuple[str, str]:
    """Save both versions; returns (large name, small name)."""
    large = stored.save(folder, image.extension, image.large)
    small = stored.save(f"{folder}/small", image.extension, image.small)
    return large, small


def file_names(instance: models.Model, *fields: str) -> list[str]:
    return [getattr(instance, name).name for name in fields if getattr(instance, name)]


def set_image(
    instance: models.Model,
    url_field: str,
    image: ProcessedImage | None,
    *,
    stored: storage.StoredFiles,
    folders: dict[str, tuple[str, str, str]],
) -> list[str]:
    """Point `url_field` at a newly stored image (or, with None, forget the stored one: the URL
    field then holds whatever the caller set). Returns the names of the files replaced, to be
    deleted once the change commits."""
    large_field, small_field, folder = folders[url_field]
    old = file_names(instance, large_field, small_field)
    if image is None:
        setattr(instance, large_field, "")
        setattr(instance, small_field, "")
        return old
    large, small = store_image(stored, image, folder=folder)
    setattr(instance, large_field, large)
    setattr(instance, small_field, small)
    setattr(instance, url_field, storage.file_url(large))
    return old


def drop_echoed_urls(
    instance: models.Model, data: dict[str, Any], *, fields: Iterable[str]
) -> None:
    """Leave out of `data` each URL field a client sent back as the APIs show it for the file
    stored there (a stream link, a signed or re-hosted image URL): that is no change, not a
    switch to an external URL that would forget the file."""
    for name in fields:
        if name in data and stored_file_shown(instance, name, data[name]):
            del data[name]


def take_data_images(
    data: dict[str, Any],
    *,
    folders: dict[str, tuple[str, str, str]],
) -> dict[str, ProcessedImage]:
    """Pop the image `data:` URLs out of `data`, checked and re-encoded, by URL field."""
    images = {}
    for url_field in folders:
        value = data.get(url_field)
        if is_data_url(value):
            raw = decode_data_url(
                value, field=url_field, max_bytes=settings.MUSEWAVE_MAX_IMAGE_BYTES
            )
            images[url_field] = image_check(raw, field=url_field, square=url_field in SQUARE_IMAGES)
            del data[url_field]
    return images


def apply_images(
    instance: models.Model,
    *,
    images: dict[str, ProcessedImage],
    stored: storage.StoredFiles,
    folders: dict[str, tuple[str, str, str]],
    changed_fields: Collection[str] = (),
) -> tuple[list[str], list[str]]:
    """Store `images` on `instance`, and forget the stored files of every URL field of
    `folders` among `changed_fields`, the fields a client set to something else. Returns
    (fields changed, names of the old files to delete after commit)."""
    changed: list[str] = []
    replaced: list[str] = []
    for url_field, (large_field, small_field, _folder) in folders.items():
        if url_field in images:
            replaced += set_image(
                instance, url_field, images[url_field], stored=stored, folders=folders
            )
        elif url_field in changed_fields and getattr(instance, large_field):
            replaced += set_image(instance, url_field, None, stored=stored, folders=folders)
        else:
            continue
        changed += [url_field, large_field, small_field]
    return changed, replaced
