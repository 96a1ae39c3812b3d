"""Request ids in background jobs: a job carries the id of the request that queued it."""

import logging
import os
import threading

import pytest
from celery import shared_task
from django_guid import get_guid, set_guid

from config.celery import app

GIVEN = "0f8fad5bd9cb469fa16570867728950e"
seen: list[str | None] = []
ran = threading.Event()


@shared_task(name="tests.ops.remember_request_id", ignore_result=True)
def remember_request_id() -> None:
    seen.append(get_guid())
    logging.getLogger("musewave.test").info("job ran")
    ran.set()


@pytest.fixture(autouse=True)
def _fresh():
    seen.clear()
    ran.clear()
    yield
    set_guid(None)


@pytest.fixture
def eager(background_jobs_eager):
    background_jobs_eager(True)


def test_an_in_process_job_keeps_the_request_id_of_its_request(eager):
    set_guid(GIVEN)
    remember_request_id.delay()
    assert seen == [GIVEN]
    # The request goes on with its id.
    assert get_guid() == GIVEN


@pytest.fixture
def worker():
    """A real worker (in a thread of this process) on the Redis broker."""
    from celery.contrib.testing.worker import start_worker

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        app.conf.task_always_eager = eager


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)")
def test_a_job_run_by_a_worker_carries_the_request_id(worker, captured_log):
    set_guid(GIVEN)
    remember_request_id.delay()
    assert ran.wait(timeout=20)
    assert seen == [GIVEN]
    [line] = [line for line in captured_log.lines if "job ran" in line]
    assert GIVEN in line


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)")
def test_a_job_queued_outside_a_request_gets_an_id_of_its_own(worker):
    set_guid(None)
    remember_request_id.delay()
    assert ran.wait(timeout=20)
    [request_id] = seen
    assert request_id and len(request_id) == 32


@pytest.fixture
def processing_seen(monkeypatch):
    """The upload's processing job records the request id it runs with (instead of processing)."""

    def record(*, track_id) -> None:
        seen.append(get_guid())
        ran.set()

    monkeypatch.setattr("musewave.media.tasks.track_audio_process", record)


def _upload_with_request_id(make_user) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from rest_framework_simplejwt.tokens import RefreshToken

    from tests.media import factories

    alice = make_user(username="alice", email="alice@example.com")
    token = RefreshToken.for_user(alice).access_token
    response = Client().post(
        "/musewave/tracks/upload/",
        {"audio": SimpleUploadedFile("tone.flac", factories.tone("flac")), "genre": "test"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_X_REQUEST_ID=GIVEN,
    )
    assert response.status_code == 201, response.content
    assert response["X-Request-ID"] == GIVEN


@pytest.mark.django_db(transaction=True)
def test_an_uploads_job_run_in_process_has_the_uploads_request_id(
    eager, make_user, processing_seen
):
    _upload_with_request_id(make_user)
    assert seen == [GIVEN]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)")
@pytest.mark.django_db(transaction=True)
def test_an_uploads_job_run_by_a_worker_has_the_uploads_request_id(
    worker, make_user, processing_seen
):
    _upload_with_request_id(make_user)
    assert ran.wait(timeout=20)
    assert seen == [GIVEN]
