"""Delivering a stored file: chunks read as they are sent (under ASGI too), validators,
If-Range and the attachment header."""

import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import AsyncRequestFactory, RequestFactory

from musewave.http import delivery
from musewave.http.delivery import CHUNK_BYTES, StoredMedia, attachment_disposition

DATA = os.urandom(5 * CHUNK_BYTES + 123)


@pytest.fixture
def media() -> StoredMedia:
    name = default_storage.save("streams/test.m4a", ContentFile(DATA))
    return StoredMedia(name=name, content_type="audio/mp4", shared_cache=True)


class ReadSpy:
    """Records every read of the files the storage opens, and their closing."""

    def __init__(self, monkeypatch):
        self.reads: list[int] = []
        self.closed = False
        opener = default_storage.open
        monkeypatch.setattr(
            default_storage, "open", lambda name, mode="rb": self.File(self, opener(name, mode))
        )

    class File:
        def __init__(self, spy, file):
            self.spy, self.file = spy, file

        def seek(self, offset):
            return self.file.seek(offset)

        def read(self, size=-1):
            data = self.file.read(size)
            self.spy.reads.append(len(data))
            return data

        def close(self):
            self.spy.closed = True
            self.file.close()


def test_bytes_are_read_a_chunk_at_a_time_as_they_are_sent(db, media, monkeypatch):
    spy = ReadSpy(monkeypatch)
    request = RequestFactory().get("/", headers={"Range": "bytes=100-"})
    response = delivery.prepare(request, media).response()
    assert spy.reads == []  # nothing read before the body is sent
    chunks = list(response)
    assert b"".join(chunks) == DATA[100:]
    assert max(spy.reads) == CHUNK_BYTES and len(chunks) == 6
    response.close()  # as the server does: the file closes (and request_finished is sent)
    assert spy.closed


@pytest.mark.asyncio
async def test_under_asgi_the_chunks_are_read_asynchronously(media, monkeypatch):
    spy = ReadSpy(monkeypatch)
    request = AsyncRequestFactory().get("/", headers={"Range": "bytes=10-200009"})
    response = delivery.prepare(request, media).response()
    assert response.is_async  # Django would read a synchronous iterator whole under ASGI
    received = []
    async for chunk in response:
        received.append(chunk)
        assert len(spy.reads) == len(received)  # read as sent, not ahead
    assert b"".join(received) == DATA[10:200010]
    assert max(spy.reads) <= CHUNK_BYTES
    response.close()  # as the server does: the file closes (and request_finished is sent)
    assert spy.closed


def test_a_range_counts_only_while_if_range_is_current(db, media):
    first = delivery.prepare(RequestFactory().get("/"), media).response()
    etag, modified = first["ETag"], first["Last-Modified"]
    first.close()
    for validator, status in [
        (etag, 206),
        (modified, 206),
        ('"stale"', 200),
        (f"W/{etag}", 200),  # a weak tag never matches
        ("Mon, 01 Jan 2001 00:00:00 GMT", 200),
        ("not a date", 200),
    ]:
        request = RequestFactory().get("/", headers={"Range": "bytes=0-9", "If-Range": validator})
        response = delivery.prepare(request, media).response()
        assert response.status_code == status, validator
        assert len(b"".join(response)) == (10 if status == 206 else len(DATA))
        response.close()


def test_a_missing_file_is_not_found(media):
    default_storage.delete(media.name)
    from django.http import Http404

    with pytest.raises(Http404):
        delivery.prepare(RequestFactory().get("/"), media)


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ("Luna Waves - Night Drive.mp3", 'attachment; filename="Luna Waves - Night Drive.mp3"'),
        (
            "Björk - Jóga.flac",
            'attachment; filename="Bjork - Joga.flac"; '
            "filename*=UTF-8''Bj%C3%B6rk%20-%20J%C3%B3ga.flac",
        ),
        (
            "雨 - 夜.mp3",
            "attachment; filename=\"download.mp3\"; filename*=UTF-8''%E9%9B%A8%20-%20%E5%A4%9C.mp3",
        ),
        (
            "100% Pure - Hit.mp3",
            'attachment; filename="100 Pure - Hit.mp3"; '
            "filename*=UTF-8''100%25%20Pure%20-%20Hit.mp3",
        ),
    ],
)
def test_attachment_names_follow_rfc_6266(filename, header):
    assert attachment_disposition(filename) == header
