"""/metrics: Prometheus text with HTTP, database, cache and MuseWave's own figures, off the
public API."""

import pytest
from django.test import Client, override_settings
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import PASSWORD

TOKEN = "metrics-token-for-tests"


@pytest.fixture
def http(db) -> Client:
    return Client()


@pytest.fixture(autouse=True)
def _metrics_on(settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "::1"]
    settings.METRICS_TOKEN = TOKEN


def value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def scrape(http: Client, **extra) -> dict[str, dict]:
    response = http.get("/metrics", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return {
        family.name: family for family in text_string_to_metric_families(response.content.decode())
    }


def test_metrics_count_requests_by_view_and_status(http):
    labels = {"status": "200", "view": "rest_compat:track-list", "method": "GET"}
    before = value("django_http_responses_total_by_status_view_method_total", **labels)
    assert http.get("/musewave/tracks/").status_code == 200
    families = scrape(http)
    samples = {
        (tuple(sorted(s.labels.items())), s.value)
        for s in families["django_http_responses_total_by_status_view_method"].samples
    }
    assert (tuple(sorted(labels.items())), before + 1) in samples
    latency = families["django_http_requests_latency_seconds_by_view_method"]
    assert any(
        s.name.endswith("_count") and s.labels.get("view") == "rest_compat:track-list"
        for s in latency.samples
    )


def test_metrics_count_database_queries_and_cache_lookups(http, track):
    queries = sum(
        s.value for s in scrape(http)["django_db_execute"].samples if s.name.endswith("_total")
    )
    assert http.get(f"/musewave/tracks/{track.pk}/").status_code == 200
    families = scrape(http)
    assert (
        sum(s.value for s in families["django_db_execute"].samples if s.name.endswith("_total"))
        > queries
    )
    for family in ("django_db_errors", "django_cache_get", "django_cache_get_hits",
                   "django_cache_get_misses"):  # fmt: skip
        assert family in families


def test_cache_hits_and_misses_are_counted(db):
    from django.core.cache import caches

    cache = caches["default"]
    backend = "native_redis" if "Redis" in type(cache).__name__ else "locmem"
    hits = value("django_cache_get_hits_total", backend=backend)
    misses = value("django_cache_get_misses_total", backend=backend)
    cache.set("metrics-test", 1)
    assert cache.get("metrics-test") == 1
    assert cache.get("metrics-test-absent") is None
    assert value("django_cache_get_hits_total", backend=backend) == hits + 1
    assert value("django_cache_get_misses_total", backend=backend) == misses + 1


def test_plays_and_downloads_are_counted_once_committed(
    http, track, django_capture_on_commit_callbacks
):
    plays = value("musewave_plays_recorded_total")
    downloads = value("musewave_downloads_recorded_total")
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            http.post(f"/musewave/tracks/{track.pk}/play/", {}, "application/json").status_code
            == 201
        )
        assert (
            http.post(f"/musewave/tracks/{track.pk}/download/", {}, "application/json").status_code
            == 201
        )
    assert value("musewave_plays_recorded_total") == plays + 1
    assert value("musewave_downloads_recorded_total") == downloads + 1


def test_a_replayed_play_is_recorded_once_and_not_throttled(
    http, track, django_capture_on_commit_callbacks
):
    plays = value("musewave_plays_recorded_total")
    throttled = value("musewave_throttled_requests_total", scope="play_replay")
    with django_capture_on_commit_callbacks(execute=True):
        first = http.post(f"/musewave/tracks/{track.pk}/play/", {}, "application/json")
        replay = http.post(f"/musewave/tracks/{track.pk}/play/", {}, "application/json")
    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json()["id"] == first.json()["id"]
    assert value("musewave_plays_recorded_total") == plays + 1
    assert value("musewave_throttled_requests_total", scope="play_replay") == throttled


@override_settings(MUSEWAVE_THROTTLE_RATES={"login_ip": "2/min", "login_account": "off"})
def test_throttled_requests_are_counted_by_scope(http, alice):
    throttled = value("musewave_throttled_requests_total", scope="login_ip")
    body = {"username_or_email": "alice", "password": PASSWORD}
    statuses = [
        http.post("/musewave/auth/login/", body, "application/json").status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert value("musewave_throttled_requests_total", scope="login_ip") == throttled + 1
    assert "musewave_throttled_requests" in scrape(http)


def test_metrics_refuse_other_addresses(http):
    response = http.get("/metrics", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 403
    assert b"django_http" not in response.content


def test_metrics_accept_the_token_from_anywhere(http):
    assert "django_http_requests_before_middlewares" in scrape(
        http, REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )
    for wrong in (f"Bearer {TOKEN}x", "Bearer ", TOKEN, f"Basic {TOKEN}"):
        response = http.get("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=wrong)
        assert response.status_code == 403, wrong


def test_no_token_configured_means_no_token_works(http, settings):
    settings.METRICS_TOKEN = ""
    response = http.get("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 403


def test_allowed_networks(http, settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "not-an-address"]
    assert http.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert http.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


def test_behind_a_proxy_the_client_address_decides(http, settings):
    settings.MUSEWAVE_TRUSTED_PROXIES = 1
    # The proxy itself is on loopback; the client it forwards is not.
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert http.get("/metrics", **forwarded).status_code == 403


def test_metrics_are_off_unless_enabled(http, settings):
    settings.METRICS_ENABLED = False
    assert http.get("/metrics").status_code == 404
    assert http.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404
