"""Fixtures for the operations endpoints: a port nothing listens on, captured log lines."""

import io
import logging
import socket

import pytest


@pytest.fixture
def closed_port() -> int:
    """A local TCP port with no listener: connecting to it is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CapturedLog:
    """The lines the configured console handler would write, formatted and filtered as it does."""

    def __init__(self, handler: logging.Handler):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(handler.formatter)
        for log_filter in handler.filters:
            self.handler.addFilter(log_filter)

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


@pytest.fixture
def captured_log():
    """Every line logged at DEBUG and above while the test runs, through the real handler's
    formatter and filters (JSON or console, with the request id)."""
    root = logging.getLogger()
    [console] = [h for h in root.handlers if h.get_name() == "console"]
    captured = CapturedLog(console)
    levels = {name: logging.getLogger(name).level for name in ("", "django_guid")}
    root.addHandler(captured.handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("django_guid").setLevel(logging.DEBUG)
    yield captured
    root.removeHandler(captured.handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
