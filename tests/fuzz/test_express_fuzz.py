"""Property-based fuzzing of the Express dialect from its own OpenAPI description: whatever a
client sends, in either auth mode, the server never answers with a server error."""

import os

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from musewave.services.auth import auth_login
from tests.conftest import PASSWORD

# Kept small: the legacy fuzzer covers the shared core; this one the dialect's translation.
EXAMPLES = int(os.environ.get("FUZZ_EXPRESS_EXAMPLES", "10"))

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@schema.parametrize()
@FUZZ_SETTINGS
def test_legacy_mode_never_answers_a_server_error(case, track):
    case.call_and_validate(checks=[not_a_server_error])


@schema.parametrize()
@FUZZ_SETTINGS
def test_required_auth_mode_never_answers_a_server_error(case, track, alice, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    _, tokens = auth_login(username_or_email="alice", password=PASSWORD)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {tokens.access}"}, checks=[not_a_server_error]
    )
