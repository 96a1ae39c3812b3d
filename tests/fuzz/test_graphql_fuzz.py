"""Property-based fuzzing of /graphql from its own schema: generated queries and mutations, in
either auth mode, never produce a server error or an internal (masked) error."""

import os

import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from config.wsgi import application
from musewave.services.auth import auth_login
from schema.core.errors import MaskInternalErrors
from tests.conftest import PASSWORD

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
INTERNAL = "Internal error."

# Files come only as multipart parts; inline, an `Upload` can be null or (wrongly) a string.
schemathesis.graphql.scalar("Upload", st.sampled_from([nodes.Null, nodes.String("file.mp3")]))

# Introspection reads no database row, so the schema can be loaded at collection time.
schema = schemathesis.graphql.from_wsgi("/graphql", application)

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def check(case, headers=None) -> None:
    """Errors the client caused (unknown ids, invalid values) are expected answers; a 5xx or
    an internal error is not. Tests run with DEBUG off, so an unexpected exception shows as
    the masked message."""
    response = case.call(headers=headers)
    assert response.status_code < 500, response.text
    errors = (response.json() or {}).get("errors") or []
    assert all(e.get("message") != INTERNAL for e in errors), errors


@schema.parametrize()
@FUZZ_SETTINGS
def test_legacy_mode_never_errors_internally(case, track):
    check(case)


@schema.parametrize()
@FUZZ_SETTINGS
def test_required_auth_mode_never_errors_internally(case, track, alice, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    _, tokens = auth_login(username_or_email="alice", password=PASSWORD)
    check(case, {"Authorization": f"Bearer {tokens.access}"})


def test_internal_errors_are_masked_with_the_message_checked_above():
    assert MaskInternalErrors().error_message == INTERNAL
