"""Answering a request for a stored file: `200`/`206` with the bytes (streamed from storage in
chunks), `304`, `416`, or a hand-off (`302` to the object store or an external URL, nginx's
`X-Accel-Redirect`). Preconditions follow RFC 9110 §13.2.2 (Django's own evaluation, plus
`If-Range`, which Django leaves out).

    delivery = prepare(request, media)
    if delivery.serves_start: …  # a new download: record it before answering
    return delivery.response()
"""

import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO
from urllib.parse import quote

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.handlers.asgi import ASGIRequest
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from musewave.http.ranges import ByteRange, RangeNotSatisfiable, parse_range
from musewave.media import storage

logger = logging.getLogger(__name__)

# Bytes read from storage at a time: large enough to keep up with the network, small enough
# that a thousand listeners hold 64 MiB between them.
CHUNK_BYTES = 64 * 1024
# What a `Range` is resolved against when the size is not known (a hand-off: the object store or
# nginx answers the range itself); only whether it starts at the first byte matters then.
_UNKNOWN_SIZE = 2**63


@dataclass(frozen=True)
class StoredMedia:
    """A stored file a caller may have, and how to send it."""

    name: str  # in the default storage
    content_type: str
    shared_cache: bool  # a CDN or proxy may keep it (a published track's stream)
    attachment: str | None = None  # the file name of a download; None to play it inline
    size: int | None = None  # when known without asking the storage (an original's size)


@dataclass(frozen=True)
class ExternalMedia:
    """Media kept elsewhere (a track created from an external `audio_url`)."""

    url: str
    shared_cache: bool


Media = StoredMedia | ExternalMedia


@dataclass(frozen=True)
class Delivery:
    """The answer to a request for a file, not yet opened. `serves_start` says whether it is
    a GET answered from the file's first byte: a new download, as opposed to a range further
    in, a HEAD, a revalidation (304) or an unsatisfiable range."""

    serves_start: bool
    response: Callable[[], HttpResponseBase]


def cache_control(*, shared: bool) -> str:
    if shared:
        return f"public, max-age={settings.MUSEWAVE_STREAM_CACHE_SECONDS}"
    return "private, no-cache"


def attachment_disposition(filename: str) -> str:
    """`Content-Disposition` of a download (RFC 6266): an ASCII `filename` every client reads
    and, for a name that is not plain ASCII, the exact one in `filename*` (RFC 8187)."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    # No quotes or backslashes to escape, and no % (some browsers decode it).
    fallback = " ".join(re.sub(r'["\\%\x00-\x1f\x7f]', "", fallback).split())
    stem, dot, extension = fallback.rpartition(".")
    if dot and not re.search(r"[A-Za-z0-9]", stem):
        fallback = f"download.{extension}"
    value = f'attachment; filename="{fallback or "download"}"'
    if fallback != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


def _media_headers(media: Media) -> dict[str, str]:
    headers = {"Cache-Control": cache_control(shared=media.shared_cache)}
    if isinstance(media, StoredMedia):
        headers["Content-Type"] = media.content_type
        if media.attachment is not None:
            headers["Content-Disposition"] = attachment_disposition(media.attachment)
    return headers


def _asks_from_start(request: HttpRequest, size: int | None) -> bool:
    """Whether a GET's `Range` (if any) asks for the representation from its first byte."""
    if request.method != "GET":
        return False
    try:
        wanted = parse_range(request.headers.get("Range"), size=size or _UNKNOWN_SIZE)
    except RangeNotSatisfiable:
        return False
    return wanted is None or wanted.first == 0


def _redirect(url: str, headers: dict[str, str]) -> HttpResponseBase:
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = headers["Cache-Control"]
    return response


def _accel_redirect(media: StoredMedia, headers: dict[str, str]) -> HttpResponseBase:
    # nginx serves the file from its internal location: ranges, validators and the bytes. It
    # keeps the Content-Type, Content-Disposition and Cache-Control set here.
    location = settings.MUSEWAVE_MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + quote(media.name)
    return HttpResponse(b"", headers={**headers, "X-Accel-Redirect": location})


def prepare(request: HttpRequest, media: Media) -> Delivery:
    """How to answer `request` (GET or HEAD) for `media`."""
    headers = _media_headers(media)
    if isinstance(media, ExternalMedia):
        return Delivery(
            serves_start=_asks_from_start(request, None),
            response=lambda: _redirect(media.url, headers),
        )
    object_url = storage.object_store_url(
        media.name,
        expire_seconds=settings.MUSEWAVE_STREAM_URL_SECONDS,
        content_type=media.content_type,
        disposition=headers.get("Content-Disposition"),
    )
    if object_url is not None:
        headers["Cache-Control"] = cache_control(shared=False)  # the signed URL expires
        return Delivery(
            serves_start=_asks_from_start(request, media.size),
            response=lambda: _redirect(object_url, headers),
        )
    if settings.MUSEWAVE_MEDIA_ACCEL_REDIRECT:
        return Delivery(
            serves_start=_asks_from_start(request, media.size),
            response=lambda: _accel_redirect(media, headers),
        )
    return _prepare_bytes(request, media, headers)


def _stat(name: str) -> tuple[int, float]:
    try:
        return default_storage.size(name), default_storage.get_modified_time(name).timestamp()
    except OSError:
        logger.warning("Stored file %s is missing", name)
        raise Http404("The file is missing.") from None


def strong_etag(name: str, size: int) -> str:
    # Stored names are random and never reused for other bytes: the name and size identify
    # the bytes.
    return quote_etag(hashlib.blake2b(f"{name}:{size}".encode(), digest_size=16).hexdigest())


def _if_range_holds(request: HttpRequest, *, etag: str, modified: int) -> bool:
    """RFC 9110 §13.1.5: a `Range` counts only while the validator in `If-Range` is current;
    an entity tag must match strongly (a weak one never does), a date exactly."""
    validator = request.headers.get("If-Range")
    if validator is None:
        return True
    validator = validator.strip()
    if validator.startswith(('"', "W/")):
        return validator == etag
    return parse_http_date_safe(validator) == modified


def _prepare_bytes(request: HttpRequest, media: StoredMedia, headers: dict[str, str]) -> Delivery:
    size, modified_at = _stat(media.name)
    modified = int(modified_at)
    etag = strong_etag(media.name, size)
    headers.update({"ETag": etag, "Last-Modified": http_date(modified), "Accept-Ranges": "bytes"})
    validators = HttpResponse(headers=headers)
    answer = get_conditional_response(
        request, etag=etag, last_modified=modified, response=validators
    )
    if answer is not validators:  # 304 Not Modified, or 412 for a failed If-Match
        return Delivery(serves_start=False, response=lambda: answer)
    asked = request.headers.get("Range")
    if asked and not _if_range_holds(request, etag=etag, modified=modified):
        asked = None  # the client's copy is stale: send the whole current file
    try:
        wanted = parse_range(asked, size=size)
    except RangeNotSatisfiable:
        unsatisfiable = HttpResponse(
            status=416, headers={**headers, "Content-Range": f"bytes */{size}"}
        )
        return Delivery(serves_start=False, response=lambda: unsatisfiable)
    if wanted is None:
        status, wanted = 200, ByteRange(first=0, last=size - 1)
    else:
        status = 206
        headers["Content-Range"] = wanted.content_range(size)
    headers["Content-Length"] = str(max(wanted.length, 0))
    if request.method == "HEAD":
        return Delivery(
            serves_start=False, response=lambda: HttpResponse(status=status, headers=headers)
        )

    def respond() -> HttpResponseBase:
        file = default_storage.open(media.name, "rb")
        file.seek(wanted.first)
        chunks = AsyncFileChunks if _is_asgi(request) else FileChunks
        return StreamingHttpResponse(chunks(file, wanted.length), status=status, headers=headers)

    return Delivery(serves_start=request.method == "GET" and wanted.first == 0, response=respond)


def _is_asgi(request: HttpRequest) -> bool:
    return isinstance(getattr(request, "_request", request), ASGIRequest)


class _Chunks:
    """`length` bytes of an open file from where it stands, a chunk at a time; the response
    closes the file when it is done or the client goes away."""

    def __init__(self, file: IO[bytes], length: int):
        self._file = file
        self._left = length

    def _read(self) -> bytes:
        if self._left <= 0:
            return b""
        data = self._file.read(min(CHUNK_BYTES, self._left))
        self._left = self._left - len(data) if data else 0
        return data

    def close(self) -> None:
        self._file.close()


class FileChunks(_Chunks):
    """For WSGI servers (and Django's test client)."""

    def __iter__(self) -> "FileChunks":
        return self

    def __next__(self) -> bytes:
        data = self._read()
        if not data:
            raise StopIteration
        return data


class AsyncFileChunks(_Chunks):
    """For ASGI servers: Django consumes a synchronous iterator whole before sending it under
    ASGI, so the chunks are read here in a worker thread, one at a time, as they are sent."""

    def __init__(self, file: IO[bytes], length: int):
        super().__init__(file, length)
        # Not thread-sensitive: reading a file touches no database connection, and concurrent
        # listeners must not queue behind one another on the single sync thread.
        self._read_async = sync_to_async(self._read, thread_sensitive=False)

    def __aiter__(self) -> "AsyncFileChunks":
        return self

    async def __anext__(self) -> bytes:
        data = await self._read_async()
        if not data:
            raise StopAsyncIteration
        return data
