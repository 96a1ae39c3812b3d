"""/health/live and /health/ready: what a load balancer or an orchestrator polls."""

import pytest
from django.test import Client, override_settings

READY = {"database": "ok", "cache": "ok", "storage": "ok"}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # The storage check writes (and deletes) one small file in the default storage.
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture(autouse=True)
def _base_components_only(settings):
    # The broker and the channel layer are checked in test_health_services.py.
    from config.celery import app

    settings.CHANNEL_LAYERS = {}
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def http(db) -> Client:
    return Client()


def test_live_answers_without_touching_any_dependency(http, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = http.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_ready_names_each_component(tmp_path):
    response = Client().get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "components": READY}
    assert "no-cache" in response["Cache-Control"]
    # The probe file is gone again.
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


@pytest.mark.django_db(transaction=True)
def test_ready_is_503_naming_an_unreachable_database(unreachable_database, closed_port):
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "components": {**READY, "database": "unavailable"},
    }
    # Nothing of the configuration shows.
    assert str(closed_port) not in response.content.decode()
    assert "missing" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_ready_is_503_naming_an_unreachable_redis(closed_port):
    redis = {
        "default": {
            "BACKEND": "django_prometheus.cache.backends.redis.NativeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        }
    }
    with override_settings(CACHES=redis):
        response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "components": {**READY, "cache": "unavailable"},
    }
    assert str(closed_port) not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_ready_is_503_naming_a_broken_storage(settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = str(blocker)
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["components"] == {**READY, "storage": "unavailable"}


@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_health_is_outside_cors_and_only_reads(http, path, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://musewave.app"]
    response = http.get(path, HTTP_ORIGIN="https://musewave.app")
    assert "Access-Control-Allow-Origin" not in response
    assert http.head(path).status_code == response.status_code
    assert http.post(path).status_code == 405


@override_settings(MUSEWAVE_THROTTLE_RATES={"write_ip": "1/min", "login_ip": "1/min"})
def test_health_is_not_throttled(http):
    assert [http.get("/health/live").status_code for _ in range(5)] == [200] * 5


@override_settings(DEBUG=False, SECURE_SSL_REDIRECT=True)
def test_probes_over_plain_http_are_not_redirected(http):
    assert http.get("/health/live").status_code == 200
    assert http.get("/musewave/tracks/").status_code == 301


@pytest.mark.django_db(transaction=True)
def test_ready_logs_why_and_shows_nothing_of_it(closed_port, captured_log):
    redis = {
        "default": {
            "BACKEND": "django_prometheus.cache.backends.redis.NativeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        }
    }
    with override_settings(CACHES=redis):
        body = Client().get("/health/ready").json()
    assert body == {"status": "unavailable", "components": {**READY, "cache": "unavailable"}}
    assert "Not ready: cache" in captured_log.text
    assert "Connection Error" in captured_log.text
    # One warning, no error line (error reporting would make it an event per probe).
    assert "Service Unavailable" not in captured_log.text
