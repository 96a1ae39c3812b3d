"""Abuse limits over the configured cache (Redis in production, so limits hold across workers).

A limit is a rate such as "10/min": at most that many hits per key in any sliding period. Both
APIs and the admin's login call these functions, and refused hits raise `Throttled` with the
seconds until a hit would be let through again.

The sliding window is kept as `SUBWINDOWS` counters per period, moved with the cache's atomic
`incr` (atomic on Redis, and under the memory cache's lock). A hit is admitted when the counters
of the current sub-window and of the `SUBWINDOWS` before it, which span at least one whole
period, add up to no more than the rate: no period-long stretch of time, wherever it starts,
ever lets more hits through (a fixed window let twice the rate through across its boundary).
A refused hit is taken back, so a client that keeps trying is let through again as soon as its
earlier hits age out, and a hit refused by one limit does not count against the next.
"""

import contextlib
import hashlib
import itertools
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from musewave.errors import Throttled
from musewave.metrics import THROTTLED_REQUESTS
from musewave.models import User

_PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600,
            "hour": 3600, "d": 86400, "day": 86400}  # fmt: skip
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")
# Counters per period: a hit counts for between one period and one period and a twelfth.
SUBWINDOWS = 12


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


def _incr(key: str, timeout: int) -> int:
    # add() then incr() is atomic on Redis and under the memory cache's lock.
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def throttle_hit(*, scope: str, key: str) -> None:
    """Count one hit of `key` in `scope`; Throttled when the scope's rate is exceeded."""
    rate = _rate(scope)
    if rate is None or not key:
        return
    step = rate.seconds / SUBWINDOWS
    now = time.time()
    current = int(now // step)
    # Keys carry client text (account names): hashed, they stay short and safe for any cache.
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    keys = [f"throttle:{scope}:{digest}:{index}" for index in range(current - SUBWINDOWS, current)]
    this_key = f"throttle:{scope}:{digest}:{current}"
    hits_now = _incr(this_key, timeout=rate.seconds + 2 * math.ceil(step) + 1)
    earlier = cache.get_many(keys)
    counts = [int(earlier.get(k) or 0) for k in keys] + [hits_now]
    total = sum(counts)
    if total <= rate.count:
        return
    with contextlib.suppress(ValueError):  # expired meanwhile: nothing to take back
        cache.decr(this_key)  # refused: this hit does not count
    # The oldest sub-windows leave the window one by one; once `excess` hits have left, one
    # more is admitted. Sub-window `current - SUBWINDOWS + i` leaves at (current + i + 1) * step.
    excess = total - rate.count
    offset = next(i for i, left in enumerate(itertools.accumulate(counts)) if left >= excess)
    retry_after = max(1, math.ceil((current + offset + 1) * step - now))
    THROTTLED_REQUESTS.labels(scope=scope).inc()
    raise Throttled(f"Too many requests; try again in {retry_after} seconds.", retry_after)


def throttle_login(*, ip_address: str | None, username_or_email: str) -> None:
    """Login attempts per client address, per account and address, and per account overall.

    An attacker elsewhere uses up only the budget of their own address for the account: the
    account's owner, from another address, still gets in until the account-wide ceiling (set
    well above the per-address one) is reached. An account's username and email share one
    budget, so switching between them gains no attempts.
    """
    throttle_hit(scope="login_ip", key=ip_address or "")
    name = (username_or_email or "").strip()
    lookup = {"email__iexact": name} if "@" in name else {"username__iexact": name}
    account = User.objects.filter(**lookup).values_list("pk", flat=True).first() if name else None
    account_key = f"user:{account}" if account else f"name:{name.lower()}"
    throttle_hit(scope="login_account_ip", key=f"{account_key} from {ip_address or '?'}")
    throttle_hit(scope="login_account", key=account_key)


def throttle_write(*, user_id: object | None, ip_address: str | None) -> None:
    """Writes per acting user and per client address."""
    if user_id is not None:
        throttle_hit(scope="write_user", key=str(user_id))
    throttle_hit(scope="write_ip", key=ip_address or "")


def play_replay_claim(
    *, track_id: object, user_id: object | None, ip_address: str | None, play_id: object
) -> str | None:
    """Claim the replay window of this listener and track for the play `play_id`.

    None when the window was free (the play is new and counts); otherwise the id of the play
    that holds the window, which a replay within it is the same as. The listener is the user,
    or for an anonymous play its address; an anonymous play without an address cannot be told
    apart and always claims a window of its own.
    """
    seconds = settings.MUSEWAVE_PLAY_REPLAY_SECONDS
    listener = (
        f"user:{user_id}" if user_id is not None else f"ip:{ip_address}" if ip_address else ""
    )
    if seconds <= 0 or not listener:
        return None
    key = f"throttle:play:{track_id}:{listener}"
    if cache.add(key, str(play_id), timeout=seconds):
        return None
    return str(cache.get(key) or "")


# A user's count of open WebSocket connections expires this long after their last new one, so
# slots a crashed server never released come back on their own.
LIVE_CONNECTIONS_TTL_SECONDS = 3600


def _live_connections_key(user_id: object) -> str:
    return f"live:connections:{user_id}"


def live_connection_acquire(*, user_id: object) -> bool:
    """Take one of the user's `MUSEWAVE_WS_MAX_CONNECTIONS_PER_USER` connection slots (0: no
    limit); False when all are taken. Counted in the cache, so over every worker with Redis."""
    limit = settings.MUSEWAVE_WS_MAX_CONNECTIONS_PER_USER
    if limit <= 0:
        return True
    key = _live_connections_key(user_id)
    cache.add(key, 0, timeout=LIVE_CONNECTIONS_TTL_SECONDS)
    try:
        held = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=LIVE_CONNECTIONS_TTL_SECONDS)
        held = 1
    cache.touch(key, timeout=LIVE_CONNECTIONS_TTL_SECONDS)
    if held > limit:
        live_connection_release(user_id=user_id)
        return False
    return True


def live_connection_release(*, user_id: object) -> None:
    """Give back a slot taken by `live_connection_acquire`."""
    if settings.MUSEWAVE_WS_MAX_CONNECTIONS_PER_USER <= 0:
        return
    # The count may have expired meanwhile: then there is nothing to give back.
    with contextlib.suppress(ValueError):
        cache.decr(_live_connections_key(user_id))
