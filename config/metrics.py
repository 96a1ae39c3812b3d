"""`GET /metrics` for Prometheus (django-prometheus), off the public API.

Served only when METRICS_ENABLED is on (otherwise the path does not exist: 404), and then only to
a client address in METRICS_ALLOWED_IPS (addresses or networks, loopback by default) or to a
request with `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets a 403.
"""

import hmac
import ipaddress

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_prometheus.exports import ExportToDjangoView

from musewave.clients import client_address


def _address_allowed(address: str | None) -> bool:
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    for allowed in settings.METRICS_ALLOWED_IPS:
        try:
            if ip in ipaddress.ip_network(allowed.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def _token_allowed(header: str) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _, credential = header.partition(" ")
    return (
        bool(token)
        and scheme.lower() == "bearer"
        and hmac.compare_digest(credential.strip().encode(), token.encode())
    )


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    if not settings.METRICS_ENABLED:
        raise Http404
    if not (
        _token_allowed(request.headers.get("Authorization", ""))
        or _address_allowed(client_address(request.META))
    ):
        return JsonResponse({"message": "Forbidden."}, status=403)
    return ExportToDjangoView(request)
