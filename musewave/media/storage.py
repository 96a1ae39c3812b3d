"""Stored media through Django's default storage (STORAGES["default"]: the file system under
MEDIA_ROOT, or S3-compatible object storage). Names are random; nothing from the client, not
even its file name, ever reaches the storage. Old files are deleted only once the transaction
that replaced them has committed, and a failed write leaves no file behind."""

import logging
import sys
import uuid
from collections.abc import Iterable
from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

logger = logging.getLogger(__name__)


def random_name(folder: str, extension: str) -> str:
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def file_url(name: str) -> str:
    return default_storage.url(name)


def object_store_url(
    name: str, *, expire_seconds: int, content_type: str, disposition: str | None = None
) -> str | None:
    """The object store's own URL of a stored file, for clients to fetch it there, or None
    when files are stored on the local file system. With a signing S3 storage
    (`AWS_QUERYSTRING_AUTH`) the URL is presigned for `expire_seconds` and makes the store
    answer with `content_type` and `disposition`; a public bucket's URL is plain."""
    backend = default_storage.__class__  # sets up the configured storage, importing its module
    # Not imported unless configured: loading boto3 takes a second.
    s3 = sys.modules.get("storages.backends.s3")
    if s3 is None or not issubclass(backend, s3.S3Storage):
        return None
    parameters = None
    if default_storage.querystring_auth and not default_storage.custom_domain:
        # Response overrides need a signed request; unsigned they would be refused.
        parameters = {"ResponseContentType": content_type}
        if disposition is not None:
            parameters["ResponseContentDisposition"] = disposition
    return default_storage.url(name, parameters=parameters, expire=expire_seconds)


def delete_files(names: Iterable[str]) -> None:
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except Exception:  # a file already gone (or a storage hiccup) must not fail the caller
            logger.warning("Could not delete stored file %s", name, exc_info=True)


def delete_on_commit(names: Iterable[str]) -> None:
    """Delete these stored files once the current transaction commits (at once outside one)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: delete_files(names))


class StoredFiles:
    """Files saved within one operation; if the block fails, every one of them is deleted.

    with StoredFiles() as stored:
        name = stored.save("audio", "mp3", upload)
    """

    def __init__(self) -> None:
        self.names: list[str] = []

    def save(self, folder: str, extension: str, content: bytes | IO[bytes] | File) -> str:
        if isinstance(content, bytes):
            content = ContentFile(content)
        elif not isinstance(content, File):
            content = File(content, name="upload")
        content.seek(0)
        name = default_storage.save(random_name(folder, extension), content)
        self.names.append(name)
        return name

    def __enter__(self) -> "StoredFiles":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            delete_files(self.names)
