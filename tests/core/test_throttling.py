"""Sliding-window abuse limits: no burst across a period boundary, refused hits do not count,
and an attacker cannot lock an account's owner out from elsewhere."""

import threading

import pytest
from freezegun import freeze_time

from musewave.errors import Throttled
from musewave.throttling import throttle_hit, throttle_login, throttle_write
from tests.conftest import PASSWORD


def _admitted(hits: int, **kwargs) -> int:
    admitted = 0
    for _ in range(hits):
        try:
            throttle_hit(**kwargs)
        except Throttled:
            continue
        admitted += 1
    return admitted


def test_a_burst_across_the_minute_boundary_is_refused(settings):
    """A fixed window let 120 writes through at 10:00:57 and 120 more at 10:01:00."""
    settings.MUSEWAVE_THROTTLE_RATES = {"write_user": "120/min", "write_ip": "off"}
    with freeze_time("2026-11-26 10:00:57"):
        for _ in range(120):
            throttle_write(user_id="u1", ip_address=None)
        with pytest.raises(Throttled):
            throttle_write(user_id="u1", ip_address=None)
    with freeze_time("2026-11-26 10:01:00.500") as frozen:
        admitted = 0
        for _ in range(64):  # 20 more tries in the 6.4 s after the boundary
            try:
                throttle_write(user_id="u1", ip_address=None)
                admitted += 1
            except Throttled as exc:
                assert 53 <= exc.retry_after <= 60  # when the burst leaves, at 10:02:00
            frozen.tick(0.1)
        assert admitted == 0
    # Another user's budget is their own.
    throttle_write(user_id="u2", ip_address=None)
    # Just under a minute after the burst: still refused; once it has aged out, admitted.
    with freeze_time("2026-11-26 10:01:56"), pytest.raises(Throttled):
        throttle_write(user_id="u1", ip_address=None)
    with freeze_time("2026-11-26 10:02:00"):
        throttle_write(user_id="u1", ip_address=None)


def test_no_period_long_stretch_lets_more_than_the_rate_through(settings):
    settings.MUSEWAVE_THROTTLE_RATES = {"write_ip": "10/min"}
    admitted_at = []
    with freeze_time("2026-11-26 10:00:00") as frozen:
        for _ in range(600):  # one try per second for ten minutes
            try:
                throttle_hit(scope="write_ip", key="ip")
                admitted_at.append(frozen.time_to_freeze.timestamp())
            except Throttled:
                pass
            frozen.tick(1)
    for start in admitted_at:
        assert sum(1 for t in admitted_at if start <= t < start + 60) <= 10
    # A client that keeps trying is let through again as hits age out: refused tries do not
    # count (with them, it would never get another hit through).
    assert len(admitted_at) >= 80


def test_refused_hits_do_not_count_and_retry_after_is_exact(settings):
    settings.MUSEWAVE_THROTTLE_RATES = {"write_ip": "3/30s"}
    with freeze_time("2026-11-26 10:00:00"):
        assert _admitted(50, scope="write_ip", key="ip") == 3
        with pytest.raises(Throttled) as exc:
            throttle_hit(scope="write_ip", key="ip")
    # Sub-windows of 2.5 s: the first one leaves the window at 10:00:32.5.
    assert exc.value.retry_after == 33
    with freeze_time("2026-11-26 10:00:32.4"), pytest.raises(Throttled):
        throttle_hit(scope="write_ip", key="ip")
    with freeze_time("2026-11-26 10:00:32.5"):
        assert _admitted(50, scope="write_ip", key="ip") == 3


def test_counts_are_atomic_across_threads(settings):
    """The cache's atomic incr: concurrent hits never let more than the rate through (on Redis
    when REDIS_URL is set, else the memory cache)."""
    settings.MUSEWAVE_THROTTLE_RATES = {"write_ip": "50/min"}
    admitted = []
    barrier = threading.Barrier(8)

    def worker():
        barrier.wait()
        admitted.append(_admitted(25, scope="write_ip", key="shared"))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(admitted) == 50


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(db, settings, alice):
    settings.MUSEWAVE_THROTTLE_RATES = {
        "login_ip": "10/min",
        "login_account_ip": "10/min",
        "login_account": "50/min",
    }
    # The attacker's 11th and later attempts are refused, and keep being refused...
    assert _login_attempts(30, ip="198.51.100.66", name="alice") == 10
    # ... even when the attacker switches to the email of the same account.
    assert _login_attempts(5, ip="198.51.100.66", name="alice@example.com") == 0
    # The owner, from home, is let in.
    throttle_login(ip_address="203.0.113.10", username_or_email="alice")
    # Many attacking addresses together reach the account-wide ceiling, which holds for all.
    # (11 attempts so far: 39 more get through before it.)
    assert sum(_login_attempts(10, ip=f"198.51.100.{n}", name="alice") for n in range(5)) == 39
    assert _login_attempts(5, ip="198.51.100.99", name="alice") == 0
    with pytest.raises(Throttled):
        throttle_login(ip_address="203.0.113.10", username_or_email="alice")


def _login_attempts(n: int, *, ip: str, name: str) -> int:
    admitted = 0
    for _ in range(n):
        try:
            throttle_login(ip_address=ip, username_or_email=name)
        except Throttled:
            continue
        admitted += 1
    return admitted


def test_the_owner_logs_in_over_rest_while_an_attacker_is_throttled(client, alice):
    def login(password, ip):
        return client.post(
            "/musewave/auth/login/",
            {"username_or_email": "alice", "password": password},
            content_type="application/json",
            REMOTE_ADDR=ip,
        )

    statuses = [login("wrong-password", "198.51.100.66").status_code for _ in range(12)]
    assert statuses == [401] * 10 + [429] * 2
    # The attacker is refused even with the right password...
    assert login(PASSWORD, "198.51.100.66").status_code == 429
    # ... while the owner, elsewhere, gets in (with a fixed per-account limit: 429 for a minute).
    owner = login(PASSWORD, "203.0.113.10")
    assert owner.status_code == 200
    assert owner.json()["user"]["username"] == "alice"
