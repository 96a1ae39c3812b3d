"""Start-up and deployment settings, checked in fresh processes with a controlled environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x7Qp9" * 12,
    "ALLOWED_HOSTS": "api.musewave.app",
    "CORS_ALLOWED_ORIGINS": "https://musewave.app",
    "MUSEWAVE_REQUIRE_AUTH": "true",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Without the suite's settings module (pytest exports it): these check the application's.
    unset = {*PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_reports_auth_not_required():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        **{**PRODUCTION_ENV, "MUSEWAVE_REQUIRE_AUTH": "false"},
    )  # fmt: skip
    assert result.returncode != 0
    assert "musewave.W001" in result.stderr + result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {**PRODUCTION_ENV}
    del env["SECRET_KEY"]
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PRODUCTION_ENV}
    del env["ALLOWED_HOSTS"]
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off." in result.stderr


def test_development_defaults_need_no_configuration():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def _setting(name: str, **env: str) -> str:
    result = manage(
        "shell", "-v", "0", "-c", f"from django.conf import settings; print(settings.{name})", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_authentication_is_required_by_default_in_production():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "MUSEWAVE_REQUIRE_AUTH"}
    assert _setting("MUSEWAVE_REQUIRE_AUTH", **env) == "True"
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_keeps_the_legacy_mode_by_default():
    assert _setting("MUSEWAVE_REQUIRE_AUTH") == "False"
    assert _setting("MUSEWAVE_REQUIRE_AUTH", MUSEWAVE_REQUIRE_AUTH="true") == "True"


def test_introspection_and_suggestions_are_off_by_default_in_production():
    assert _setting("GRAPHQL_INTROSPECTION", **PRODUCTION_ENV) == "False"
    assert _setting("GRAPHQL_SUGGESTIONS", **PRODUCTION_ENV) == "False"
    # GraphiQL needs introspection wherever it is served.
    assert _setting("GRAPHQL_INTROSPECTION", **PRODUCTION_ENV, GRAPHIQL="true") == "True"
    assert _setting("GRAPHQL_SUGGESTIONS", **PRODUCTION_ENV, GRAPHQL_SUGGESTIONS="true") == "True"


def test_introspection_and_suggestions_are_on_in_development():
    assert _setting("GRAPHQL_INTROSPECTION") == "True"
    assert _setting("GRAPHQL_SUGGESTIONS") == "True"
    assert _setting("GRAPHQL_INTROSPECTION", GRAPHQL_INTROSPECTION="false") == "False"


def test_query_cost_ceiling_defaults_to_ten_thousand():
    assert _setting("GRAPHQL_MAX_COST") == "10000"
    assert _setting("GRAPHQL_MAX_COST", GRAPHQL_MAX_COST="500") == "500"


# Runs SQL in a fresh process against the test database, with that process's own settings.
STATEMENT = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SHOW statement_timeout")
    print(cursor.fetchone()[0])
    try:
        cursor.execute("SELECT pg_sleep(%s)", [{sleep}])
        print("completed")
    except Exception as exc:
        print(type(exc).__name__, str(exc).splitlines()[0])
"""


def _postgres_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db
def test_statement_timeout_defaults_to_ten_seconds_in_production():
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        STATEMENT.format(sleep=0),
        **PRODUCTION_ENV,
        DATABASE_URL=_postgres_url(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["10s", "completed"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_statement_running_past_the_timeout_is_cancelled():
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        STATEMENT.format(sleep=3),
        **PRODUCTION_ENV,
        DATABASE_URL=_postgres_url(),
        DB_STATEMENT_TIMEOUT_MS="200",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == [
        "200ms",
        "OperationalError canceling statement due to statement timeout",
    ]


@pytest.mark.postgres
@pytest.mark.django_db
def test_statement_timeout_is_off_in_development_and_with_zero():
    url = _postgres_url()
    for env in ({}, {**PRODUCTION_ENV, "DB_STATEMENT_TIMEOUT_MS": "0"}):
        result = manage(
            "shell", "-v", "0", "-c", STATEMENT.format(sleep=0), **env, DATABASE_URL=url
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split("\n")[:2] == ["0", "completed"]


# Three requests' worth of queries, each ended as a request ends (the connection closed).
BACKENDS = """
from django.db import connection
backends = []
for _ in range(3):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backends.append(cursor.fetchone()[0])
    connection.close()
print(len(set(backends)), connection.settings_dict["CONN_MAX_AGE"])
"""


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_requests_take_their_connection_from_the_pool():
    url = _postgres_url()
    pooled = manage(
        "shell", "-v", "0", "-c", BACKENDS, **PRODUCTION_ENV, DATABASE_URL=url,
        DB_POOL_MIN_SIZE="1", DB_POOL_MAX_SIZE="1",
    )  # fmt: skip
    assert pooled.returncode == 0, pooled.stderr
    # One server connection served all three, and Django keeps none of its own.
    assert pooled.stdout.split() == ["1", "0"]
    unpooled = manage(
        "shell", "-v", "0", "-c", BACKENDS, **PRODUCTION_ENV, DATABASE_URL=url, DB_POOL="false"
    )
    assert unpooled.returncode == 0, unpooled.stderr
    assert unpooled.stdout.split() == ["3", "0"]


def test_the_suite_runs_with_its_own_settings(settings):
    from config.celery import app

    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings_test"
    assert "config.settings_test" in sys.modules
    assert settings.PASSWORD_HASHERS == ["tests.hashers.FastArgon2PasswordHasher"]
    assert settings.MUSEWAVE_STATS_CACHE_SECONDS == 0
    assert app.conf.task_always_eager is True


def test_manage_py_test_runs_the_suite_with_its_settings():
    probe = "tests/core/test_settings.py::test_the_suite_runs_with_its_own_settings"
    result = manage("test", probe)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
