"""Start-up and deployment settings, checked in fresh processes with a controlled environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x7Qp9" * 12,
    "ALLOWED_HOSTS": "api.musewave.app",
    "CORS_ALLOWED_ORIGINS": "https://musewave.app",
    "MUSEWAVE_REQUIRE_AUTH": "true",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
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
