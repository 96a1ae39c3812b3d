"""Who is on the other end of a request: the client's address and user agent.

Both APIs record them with plays and downloads and key the abuse limits on the address. Behind
a reverse proxy every request comes from the proxy, so with MUSEWAVE_TRUSTED_PROXIES = N the
address is the one the outermost of those N proxies saw, read from X-Forwarded-For.
"""

import ipaddress
from collections.abc import Mapping
from typing import Any

from django.conf import settings


def _ip_or_none(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(meta: Mapping[str, Any]) -> str | None:
    """The client's IP address from a request's META."""
    proxies = settings.MUSEWAVE_TRUSTED_PROXIES
    forwarded = meta.get("HTTP_X_FORWARDED_FOR") or ""
    if proxies > 0 and forwarded:
        # Each trusted proxy appends the address it received from; earlier entries are
        # whatever the client claimed and cannot be trusted.
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies and (address := _ip_or_none(hops[-proxies])):
            return address
    return _ip_or_none(meta.get("REMOTE_ADDR") or "")


def client_details(meta: Mapping[str, Any]) -> dict[str, str | None]:
    """The address and user agent recorded with plays and downloads."""
    return {
        "ip_address": client_address(meta),
        "user_agent": meta.get("HTTP_USER_AGENT") or None,
    }
