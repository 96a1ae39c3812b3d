"""Request-level guards that apply to every API."""

import io
import re

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from musewave.services.auth import request_bearer_user

_READ_SIZE = 64 * 1024
# Routes that take files, and how large their bodies may be (every other route keeps
# MUSEWAVE_MAX_BODY_BYTES). The legacy routes that accept `data:` URLs in their JSON:
_DATA_URL_ROUTES = re.compile(
    r"^/musewave/(tracks/create|tracks/[^/]+/update|users/create|users/[^/]+/update)/?$"
)
# Multipart uploads: the REST upload route, and GraphQL multipart requests.
_UPLOAD_ROUTES = re.compile(r"^/(musewave/tracks/upload|graphql)/?$")
# Room for the form fields and multipart framing beside the files.
_FORM_ALLOWANCE = 1024 * 1024


def body_limit(request: HttpRequest) -> int:
    """The largest body this request's route accepts."""
    path = request.path_info
    if _UPLOAD_ROUTES.match(path) and request.content_type == "multipart/form-data":
        return (
            settings.MUSEWAVE_UPLOAD_MAX_AUDIO_BYTES
            + settings.MUSEWAVE_MAX_IMAGE_BYTES
            + _FORM_ALLOWANCE
        )
    if _DATA_URL_ROUTES.match(path):
        return max(settings.MUSEWAVE_MEDIA_MAX_BODY_BYTES, settings.MUSEWAVE_MAX_BODY_BYTES)
    return settings.MUSEWAVE_MAX_BODY_BYTES


def _too_large(limit: int) -> JsonResponse:
    return JsonResponse(
        {"message": f"Request body too large; the limit is {limit} bytes."}, status=413
    )


class MaxBodySizeMiddleware:
    """Refuse bodies over their route's limit (`body_limit`: MUSEWAVE_MAX_BODY_BYTES but for the
    upload and `data:` URL routes) with 413 before any view reads them.

    A body sent with `Transfer-Encoding: chunked` has no Content-Length, which Django reads as
    an empty body. Where the server has already undone the chunking (gunicorn and the other
    servers that set `wsgi.input_terminated`, and every ASGI server), it is read here up to the
    limit, counted as it streams in, and handed on with its length; a server that passes the raw
    chunked stream (Django's `runserver`) cannot give it to us, so the request is refused with
    411 Length Required rather than treated as empty.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"message": "Invalid Content-Length header."}, status=400)
        if length > limit:
            return _too_large(limit)
        if not request.META.get("CONTENT_LENGTH") and _is_chunked(request):
            refused = _read_chunked_body(request, limit)
            if refused is not None:
                return refused
        return self.get_response(request)


def _is_chunked(request: HttpRequest) -> bool:
    codings = request.META.get("HTTP_TRANSFER_ENCODING") or ""
    return "chunked" in [coding.strip().lower() for coding in codings.split(",")]


def _read_chunked_body(request: HttpRequest, limit: int) -> HttpResponse | None:
    """Read the de-chunked body into the request (None), or the response that refuses it."""
    if "wsgi.input" in request.META:
        if not request.META.get("wsgi.input_terminated"):
            return JsonResponse(
                {"message": "A chunked request body needs a Content-Length here; send one."},
                status=411,
            )
        stream = request.META["wsgi.input"]
    else:
        stream = request._stream  # ASGI: the body the server received, de-chunked
    body, size = io.BytesIO(), 0
    while chunk := stream.read(min(_READ_SIZE, limit + 1 - size)):
        size += len(chunk)
        if size > limit:
            return _too_large(limit)
        body.write(chunk)
    body.seek(0)
    # What Django and DRF read: the body, and its length (without one they read nothing).
    request._stream = body
    request.META["CONTENT_LENGTH"] = str(size)
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware: CONTENT_SECURITY_POLICY (strict) for every response, except the
    HTML pages under a prefix of MUSEWAVE_CSP_PAGES (the admin, Swagger UI, GraphiQL), which get
    that prefix's policy. A JSON answer under those prefixes keeps the strict one."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        is_html = (response.get("Content-Type") or "").startswith("text/html")
        if parts.config is None and not report_only and is_html:
            for prefix, directives in settings.MUSEWAVE_CSP_PAGES.items():
                if request.path_info.startswith(prefix):
                    report_uri = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].get("report-uri")
                    parts.config = {**directives, "report-uri": report_uri}
                    break
        return parts


def _bearer_user(request: HttpRequest):
    return request_bearer_user(request) or AnonymousUser()


class BearerTokenUserMiddleware:
    """`request.user` is the user that the `Authorization: Bearer <access>` header proves, looked
    up when first read, so Django, DRF and strawberry-django see one identity.

    Outside the admin (whose pages keep their session login) a session cookie proves nothing:
    without the header the request is anonymous. A header that is malformed or carries a bad,
    expired or revoked token raises AuthenticationRequired whenever `request.user` is read, and
    each API answers that with a 401; it never falls back to anonymous.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(_admin_prefix()):
            request.user = SimpleLazyObject(lambda: _bearer_user(request))
        return self.get_response(request)


def _admin_prefix() -> str:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "/admin/"
