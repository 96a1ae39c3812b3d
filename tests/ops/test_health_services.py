"""/health/ready with the Celery broker and the channel layer configured."""

import os

import pytest
from django.test import Client, override_settings

from config.celery import app

BASE = {"database": "ok", "cache": "ok", "storage": "ok"}
needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis")


@pytest.fixture
def broker():
    """Celery with a broker of its own (not in-process): `broker(url)` points it at `url`."""
    saved = app.conf.task_always_eager, app.conf.broker_url

    def point(url: str) -> None:
        app.conf.task_always_eager = False
        app.conf.broker_url = url

    yield point
    app.conf.task_always_eager, app.conf.broker_url = saved


def ready() -> tuple[int, dict]:
    response = Client().get("/health/ready")
    return response.status_code, response.json()


@pytest.mark.django_db(transaction=True)
def test_in_process_jobs_have_no_broker_to_check(broker):
    broker("memory://localhost/")
    assert "broker" not in ready()[1]["components"]


@needs_redis
@pytest.mark.django_db(transaction=True)
@override_settings(CHANNEL_LAYERS={})
def test_a_reachable_broker_is_ready(broker):
    broker(os.environ["REDIS_URL"])
    assert ready() == (200, {"status": "ok", "components": {**BASE, "broker": "ok"}})


@pytest.mark.django_db(transaction=True)
@override_settings(CHANNEL_LAYERS={})
def test_an_unreachable_broker_is_503(broker, closed_port):
    broker(f"redis://127.0.0.1:{closed_port}/0")
    status, body = ready()
    assert status == 503
    assert body["components"]["broker"] == "unavailable"


@pytest.mark.django_db(transaction=True)
@override_settings(CHANNEL_LAYERS={"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}})
def test_the_channel_layer_is_checked(broker):
    broker("memory://localhost/")
    assert ready() == (200, {"status": "ok", "components": {**BASE, "channel_layer": "ok"}})


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_redis_channel_layer_is_checked(broker):
    broker("memory://localhost/")
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]]},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers):
        assert ready() == (200, {"status": "ok", "components": {**BASE, "channel_layer": "ok"}})


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_channel_layer_is_503(broker, closed_port):
    broker("memory://localhost/")
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [f"redis://127.0.0.1:{closed_port}/0"]},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers):
        status, body = ready()
    assert status == 503
    assert body["components"] == {**BASE, "channel_layer": "unavailable"}
