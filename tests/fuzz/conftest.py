import pytest
from django.core import signals
from django.db import close_old_connections


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The fuzzers call the real WSGI application, whose request signals would close the
    connection that holds the test's transaction; Django's own test client unhooks them too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
