"""Log lines: JSON in production, readable text in development, never a secret.

Every line carries the request id (django-guid's filter sets `request_id`). Both formatters
redact what must never be written down, whatever logged it: bearer tokens and JWTs, password
hashes, and the values of anything named like a password, token, secret, Authorization or Cookie
header (in `key=value`, `key: value`, JSON and Python-dict forms).
"""

import logging
import re
import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

REDACTED = "[REDACTED]"

_SENSITIVE_KEY = (
    r"[\w-]*(?:password|passwd|secret|token|authorization|cookie|session|csrf|api[_-]?key)[\w-]*"
)
_PATTERNS = [
    # A bearer (or basic) credential, however it is quoted.
    (re.compile(r"(?i)\b(bearer|basic)(\s+)[^\s\"'\\,;]+"), rf"\1\2{REDACTED}"),
    # A JSON Web Token anywhere.
    (re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]*"), REDACTED),
    # Django's password hashes.
    (
        re.compile(
            r"\b(?:argon2|pbkdf2_sha256|pbkdf2_sha1|scrypt|bcrypt_sha256|bcrypt)\$[^\s\"'}\\]+"
        ),
        REDACTED,
    ),
    # key: "value" / key='value' / "key": "value" (a JSON string may escape its quotes).
    (
        re.compile(
            rf"(?i)(?P<key>(?:\\?[\"'])?{_SENSITIVE_KEY}(?:\\?[\"'])?\s*[:=]\s*)"
            r"(?P<quote>\\?[\"'])(?P<value>.*?)(?P=quote)"
        ),
        rf"\g<key>\g<quote>{REDACTED}\g<quote>",
    ),
    # key=value / key: value, unquoted (query strings, cookies, headers).
    (
        re.compile(
            rf"(?i)(?P<key>(?<![\w-]){_SENSITIVE_KEY}\s*[:=]\s*)(?![\\\"'\s\[])[^\s,;&}}\"'\\]+"
        ),
        rf"\g<key>{REDACTED}",
    ),
]


def redact(text: str) -> str:
    """`text` with every secret it holds replaced by [REDACTED]."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class ConsoleFormatter(logging.Formatter):
    """Readable lines for development."""

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = None
        return redact(super().format(record))


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line: time, level, logger, message, request_id, then any extra fields.

    The request object Django attaches to its request log lines is left out: its text holds the
    query string, and the message already names the path.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["levelname", "name", "message", "request_id"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "taskName"])
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


request_logger = logging.getLogger("musewave.request")


class RequestLogMiddleware:
    """One line per request: method, path (without its query string), status and duration.

    Works in both the WSGI and the ASGI handler without a thread hop.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):
        if iscoroutinefunction(self):
            return self._acall(request)
        started = time.perf_counter()
        response = self.get_response(request)
        _log_request(request, response, started)
        return response

    async def _acall(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = await self.get_response(request)
        _log_request(request, response, started)
        return response


# Probes and scrapes come every few seconds: their lines are DEBUG unless they fail.
QUIET_PATHS = ("/health/", "/metrics")


def _log_request(request: HttpRequest, response: HttpResponse, started: float) -> None:
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    quiet = request.path.startswith(QUIET_PATHS) and response.status_code < 400
    request_logger.log(
        logging.DEBUG if quiet else logging.INFO,
        "%s %s %s %.1fms",
        request.method,
        request.path,
        response.status_code,
        duration_ms,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
        },
    )
