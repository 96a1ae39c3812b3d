"""Abuse limits over the configured cache (Redis in production, so limits hold across workers).

A limit is a rate such as "10/min": at most that many hits per key in each fixed window. Both
APIs call these functions, and refused hits raise `Throttled` with the seconds until the window
ends.
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from musewave.errors import Throttled
from musewave.models import User

_PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600,
            "hour": 3600, "d": 86400, "day": 86400}  # fmt: skip
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """`"10/min"`, `"300/hour"` or `"5/30s"` (five per thirty seconds)."""
        match = _RATE.match(text.lower())
        if match is None or match.group(3) not in _PERIODS:
            raise ValueError(f"Invalid rate {text!r}; expected e.g. '10/min' or '5/30s'.")
        count, multiplier, unit = match.groups()
        return cls(int(count), int(multiplier or 1) * _PERIODS[unit])


def _rate(scope: str) -> Rate | None:
    text = (settings.MUSEWAVE_THROTTLE_RATES.get(scope) or "").strip().lower()
    return None if text in ("", "off", "none") else Rate.parse(text)


def throttle_hit(*, scope: str, key: str) -> None:
    """Count one hit of `key` in `scope`; Throttled when the scope's rate is exceeded."""
    rate = _rate(scope)
    if rate is None or not key:
        return
    window = int(time.time() // rate.seconds)
    # Keys carry client text (account names): hashed, they stay short and safe for any cache.
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    cache_key = f"throttle:{scope}:{digest}:{window}"
    # add() then incr() is atomic on Redis and within one process on the memory cache.
    cache.add(cache_key, 0, timeout=rate.seconds + 1)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=rate.seconds + 1)
        hits = 1
    if hits > rate.count:
        retry_after = max(1, int((window + 1) * rate.seconds - time.time()) + 1)
        raise Throttled(f"Too many requests; try again in {retry_after} seconds.", retry_after)


def throttle_login(*, ip_address: str | None, username_or_email: str) -> None:
    """Login attempts per client address and per account: an account's username and email
    share one budget, so switching between them gains no attempts."""
    throttle_hit(scope="login_ip", key=ip_address or "")
    name = (username_or_email or "").strip()
    lookup = {"email__iexact": name} if "@" in name else {"username__iexact": name}
    account = User.objects.filter(**lookup).values_list("pk", flat=True).first() if name else None
    throttle_hit(
        scope="login_account", key=f"user:{account}" if account else f"name:{name.lower()}"
    )


def throttle_write(*, user_id: object | None, ip_address: str | None) -> None:
    """Writes per acting user and per client address."""
    if user_id is not None:
        throttle_hit(scope="write_user", key=str(user_id))
    throttle_hit(scope="write_ip", key=ip_address or "")


def play_replay_check(*, track_id: object, user_id: object | None, ip_address: str | None) -> None:
    """The same listener replaying the same track within the replay window is not a new play.

    The listener is the user, or for an anonymous play its address; an anonymous play without
    an address cannot be told apart and is always counted.
    """
    seconds = settings.MUSEWAVE_PLAY_REPLAY_SECONDS
    listener = (
        f"user:{user_id}" if user_id is not None else f"ip:{ip_address}" if ip_address else ""
    )
    if seconds <= 0 or not listener:
        return
    key = f"throttle:play:{track_id}:{listener}"
    if not cache.add(key, time.time(), timeout=seconds):
        started = cache.get(key) or time.time()
        retry_after = max(1, int(started + seconds - time.time()) + 1)
        raise Throttled(
            f"This track was just played by this listener; try again in {retry_after} seconds.",
            retry_after,
        )
