from datetime import timedelta

import pytest
from django.core.cache import cache
from freezegun import freeze_time

from musewave.errors import AuthenticationRequired, Throttled, ValidationFailed
from musewave.services.auth import (
    INVALID_CREDENTIALS,
    auth_login,
    auth_logout,
    auth_refresh,
    user_from_access_token,
    user_from_authorization_header,
)
from musewave.throttling import Rate, play_replay_claim, throttle_hit, throttle_login
from tests.conftest import PASSWORD


def test_login_by_username_or_email_issues_working_tokens(alice):
    for name in ("alice", "ALICE", "Alice@Example.com"):
        user, tokens = auth_login(username_or_email=name, password=PASSWORD)
        assert user == alice
        assert user_from_access_token(token=tokens.access) == alice
        assert user_from_authorization_header(header=f"Bearer {tokens.access}") == alice


@pytest.mark.parametrize("name", ["alice", "nobody", "nobody@example.com"])
def test_wrong_credentials_answer_the_same_for_unknown_users(alice, name):
    with pytest.raises(AuthenticationRequired) as exc:
        auth_login(username_or_email=name, password="wrong-password")
    assert exc.value.message == INVALID_CREDENTIALS


def test_inactive_user_cannot_log_in(alice):
    alice.is_active = False
    alice.save()
    with pytest.raises(AuthenticationRequired):
        auth_login(username_or_email="alice", password=PASSWORD)


def test_login_requires_both_fields(db):
    with pytest.raises(ValidationFailed) as exc:
        auth_login(username_or_email=" ", password=PASSWORD)
    assert list(exc.value.errors) == ["username_or_email"]


def test_refresh_rotates_and_each_refresh_token_works_once(alice):
    _, first = auth_login(username_or_email="alice", password=PASSWORD)
    second = auth_refresh(refresh=first.refresh)
    assert second.refresh != first.refresh
    assert user_from_access_token(token=second.access) == alice
    with pytest.raises(AuthenticationRequired):
        auth_refresh(refresh=first.refresh)
    auth_refresh(refresh=second.refresh)


def test_logout_revokes_the_refresh_token(alice):
    _, tokens = auth_login(username_or_email="alice", password=PASSWORD)
    auth_logout(refresh=tokens.refresh)
    with pytest.raises(AuthenticationRequired):
        auth_refresh(refresh=tokens.refresh)
    with pytest.raises(AuthenticationRequired):
        auth_logout(refresh=tokens.refresh)


def test_access_tokens_expire_after_fifteen_minutes(alice):
    _, tokens = auth_login(username_or_email="alice", password=PASSWORD)
    with freeze_time(timedelta(minutes=14, seconds=50)):
        assert user_from_access_token(token=tokens.access) == alice
    with freeze_time(timedelta(minutes=15, seconds=5)), pytest.raises(AuthenticationRequired):
        user_from_access_token(token=tokens.access)


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer not-a-jwt", "Token abc", "Basic YWxpY2U6cHc=", "Bearer a.b.c"]
)
def test_a_bad_authorization_header_is_an_error_not_anonymous(db, header):
    with pytest.raises(AuthenticationRequired):
        user_from_authorization_header(header=header)


def test_a_refresh_token_is_not_an_access_token(alice):
    _, tokens = auth_login(username_or_email="alice", password=PASSWORD)
    with pytest.raises(AuthenticationRequired):
        user_from_access_token(token=tokens.refresh)


def test_no_header_is_anonymous(db):
    assert user_from_authorization_header(header=None) is None


def test_rates_parse():
    assert Rate.parse("10/min") == Rate(10, 60)
    assert Rate.parse("5/30s") == Rate(5, 30)
    assert Rate.parse("1000/day") == Rate(1000, 86400)
    with pytest.raises(ValueError, match="Invalid rate"):
        Rate.parse("ten per minute")


def test_login_throttle_fires_per_account_and_address(db, settings):
    settings.MUSEWAVE_THROTTLE_RATES = {"login_ip": "", "login_account_ip": "3/min"}
    for _ in range(3):
        throttle_login(ip_address="203.0.113.1", username_or_email="Alice")
    with pytest.raises(Throttled) as exc:
        throttle_login(ip_address="203.0.113.1", username_or_email="alice")
    assert 1 <= exc.value.retry_after <= 66
    throttle_login(ip_address="203.0.113.1", username_or_email="bob")  # another account
    throttle_login(ip_address="203.0.113.2", username_or_email="alice")  # another address
    cache.clear()  # the earlier attempts aged out
    throttle_login(ip_address="203.0.113.1", username_or_email="alice")


def test_throttle_window_slides_with_time(settings):
    settings.MUSEWAVE_THROTTLE_RATES = {"write_ip": "2/min"}
    with freeze_time("2026-11-26 10:00:05"):
        throttle_hit(scope="write_ip", key="ip")
        throttle_hit(scope="write_ip", key="ip")
        with pytest.raises(Throttled) as exc:
            throttle_hit(scope="write_ip", key="ip")
        # The hits' sub-window (10:00:05-10:00:10) leaves the window at 10:01:10.
        assert exc.value.retry_after == 65
    with freeze_time("2026-11-26 10:01:01"), pytest.raises(Throttled):
        throttle_hit(scope="write_ip", key="ip")  # a fixed window would have reset here
    with freeze_time("2026-11-26 10:01:10"):
        throttle_hit(scope="write_ip", key="ip")


def test_play_replays_within_the_window_name_the_first_play(settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 30
    assert play_replay_claim(track_id=1, user_id="u", ip_address=None, play_id="p1") is None
    assert play_replay_claim(track_id=1, user_id="u", ip_address=None, play_id="p2") == "p1"
    # another track
    assert play_replay_claim(track_id=2, user_id="u", ip_address=None, play_id="p3") is None
    assert (
        play_replay_claim(track_id=1, user_id=None, ip_address="198.51.100.1", play_id="p4") is None
    )
    assert (
        play_replay_claim(track_id=1, user_id=None, ip_address="198.51.100.1", play_id="p5") == "p4"
    )
    # Without a user or an address a listener cannot be recognised: always counted.
    assert play_replay_claim(track_id=1, user_id=None, ip_address=None, play_id="p6") is None
    assert play_replay_claim(track_id=1, user_id=None, ip_address=None, play_id="p7") is None


@pytest.mark.parametrize("name", ["alice", "ghost"])
def test_unknown_user_and_wrong_password_cost_the_same_hash(alice, name, monkeypatch):
    """Equal work on both paths (one password hash check) keeps their timing equal."""
    from tests.hashers import FastArgon2PasswordHasher

    calls = []
    original = FastArgon2PasswordHasher.verify

    def counting_verify(self, password, encoded):
        calls.append(name)
        return original(self, password, encoded)

    monkeypatch.setattr(FastArgon2PasswordHasher, "verify", counting_verify)
    with pytest.raises(AuthenticationRequired):
        auth_login(username_or_email=name, password="wrong-password")
    assert calls == [name]


def test_username_and_email_share_one_login_budget(alice, settings):
    settings.MUSEWAVE_THROTTLE_RATES = {"login_ip": "off", "login_account": "2/min"}
    throttle_login(ip_address=None, username_or_email="alice")
    throttle_login(ip_address=None, username_or_email="ALICE@example.com")
    with pytest.raises(Throttled):
        throttle_login(ip_address=None, username_or_email="Alice")
