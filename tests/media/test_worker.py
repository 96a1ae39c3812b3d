"""An upload processed by a real Celery worker through Redis (CI sets REDIS_URL): messages are
serialised and the job reads only what the upload's committed transaction wrote."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework_simplejwt.tokens import RefreshToken

from config.celery import app
from musewave.models import Track
from tests.media import factories

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs Redis as the broker (set REDIS_URL)"
)


@pytest.fixture
def real_worker():
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_processed_by_a_worker(make_user, real_worker):
    alice = make_user(username="alice", email="alice@example.com")
    token = RefreshToken.for_user(alice).access_token
    response = Client().post(
        "/musewave/tracks/upload/",
        {"audio": SimpleUploadedFile("tone.flac", factories.tone("flac")), "genre": "test"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    track_id = response.json()["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        track = Track.objects.get(pk=track_id)
        if track.processing_status in ("ready", "failed"):
            break
        time.sleep(0.2)
    assert track.processing_status == "ready", track.processing_error
    assert track.loudness == pytest.approx(-20.0, abs=0.5)
    assert track.stream_file.name and len(track.waveform["peaks"]) == 1000
