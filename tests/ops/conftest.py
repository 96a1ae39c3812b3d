"""Fixtures for the operations endpoints: a port nothing listens on, a database nothing
answers at, captured log lines, a request through a WSGI application."""

import io
import json
import logging
import socket
from collections.abc import Callable
from wsgiref.util import setup_testing_defaults

import pytest
from django.db import connections

from config.logs import JsonFormatter
from tests.conftest import close_database_connections


@pytest.fixture
def closed_port() -> int:
    """A local TCP port with no listener: connecting to it is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def unreachable_database(closed_port, tmp_path):
    """The default database's settings pointed where no database answers: a closed port on
    PostgreSQL, whose pool gives up waiting after a second, a missing folder on SQLite.
    Connections are made anew before and after."""
    close_database_connections()
    database = connections.settings["default"]
    with pytest.MonkeyPatch.context() as patch:
        if connections["default"].vendor == "postgresql":
            patch.setitem(database, "HOST", "127.0.0.1")
            patch.setitem(database, "PORT", str(closed_port))
            if pool := database["OPTIONS"].get("pool"):
                patch.setitem(database["OPTIONS"], "pool", {**pool, "timeout": 1.0})
        else:
            patch.setitem(database, "NAME", str(tmp_path / "missing" / "db.sqlite3"))
        yield
    # Only with the settings restored: Django keeps an in-memory SQLite database's connection
    # open while its settings name one, and closing that connection would drop the database.
    close_database_connections()


def wsgi_get(
    application: Callable, path: str, query: str = "", **headers: str
) -> tuple[str, dict, bytes]:
    """A GET through a WSGI application as gunicorn would send it: status, headers, body."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, **headers}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO(b"")
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=status, headers=dict(response_headers))

    body = b"".join(application(environ, start_response))
    return started["status"], started["headers"], body


class CapturedLog:
    """The lines the configured console handler would write, formatted and filtered as it does."""

    def __init__(self, handler: logging.Handler, formatter: logging.Formatter | None = None):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(formatter or handler.formatter)
        for log_filter in handler.filters:
            self.handler.addFilter(log_filter)

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @property
    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.lines]


def _capture(formatter: logging.Formatter):
    root = logging.getLogger()
    [console] = [h for h in root.handlers if h.get_name() == "console"]
    captured = CapturedLog(console, formatter)
    level = root.level
    root.addHandler(captured.handler)
    root.setLevel(logging.DEBUG)
    try:
        yield captured
    finally:
        root.removeHandler(captured.handler)
        root.setLevel(level)


@pytest.fixture
def captured_log():
    """Every line logged at DEBUG and above (where the loggers' own levels let it through)
    while the test runs, through the configured
    handler's formatter and filters (the request id)."""
    yield from _capture(None)


@pytest.fixture
def json_log():
    """As `captured_log`, formatted as production writes it: one JSON object a line."""
    yield from _capture(JsonFormatter())
