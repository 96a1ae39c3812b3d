"""Property-based fuzzing of the REST API from its own OpenAPI description, with every check
schemathesis has (status codes, content types, response schemas and headers, data acceptance
and rejection, authentication, methods; configured in schemathesis.toml): whatever a client
sends, in either auth mode, the server answers as its description says, never a server error."""

import os

import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, settings

from config.wsgi import application
from musewave.services.auth import auth_login
from tests.conftest import PASSWORD

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


# Generating the description reads no database row, so it can be loaded at collection time.
# It describes the deployment's mode: writes need a token only when authentication is required.
schema = schemathesis.openapi.from_wsgi("/musewave/openapi.json", application)
with override_settings(MUSEWAVE_REQUIRE_AUTH=True):
    required_auth_schema = schemathesis.openapi.from_wsgi("/musewave/openapi.json", application)


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@schema.parametrize()
@FUZZ_SETTINGS
def test_legacy_mode_conforms_to_its_description(case, track, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = False
    case.call_and_validate()


@required_auth_schema.parametrize()
@FUZZ_SETTINGS
def test_required_auth_mode_conforms_to_its_description(case, track, alice, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    _, tokens = auth_login(username_or_email="alice", password=PASSWORD)
    # A real token where the case sends one; a case that leaves the header out (to check that
    # the server refuses it) is sent without.
    headers = (
        {"Authorization": f"Bearer {tokens.access}"}
        if "Authorization" in (case.headers or {})
        else {}
    )
    case.call_and_validate(headers=headers)
