"""Log lines: JSON in production, readable in development, and never a secret."""

import json
import logging

import pytest
from django.db import connection
from django.test import Client, override_settings

from config.logs import REDACTED, ConsoleFormatter, JsonFormatter, redact
from tests.conftest import PASSWORD

WRONG_PASSWORD = "Wr0ng-but-still-secret!"
COOKIE = "cookie-value-that-is-a-secret"
BAD_TOKEN = "not-a-token-but-still-a-secret"


@pytest.fixture
def sql_logged():
    """SQL with its parameters in the log too, as with LOG_LEVEL=DEBUG and DEBUG on."""
    sql = logging.getLogger("django.db.backends")
    level, forced = sql.level, connection.force_debug_cursor
    sql.setLevel(logging.DEBUG)
    connection.force_debug_cursor = True
    yield
    sql.setLevel(level)
    connection.force_debug_cursor = forced


@override_settings(DEBUG=False)
def test_no_secret_reaches_the_log_of_a_login_and_failed_requests(
    alice, json_log, sql_logged, monkeypatch
):
    http = Client(raise_request_exception=False, HTTP_COOKIE=f"sessionid={COOKIE}")
    login = {"username_or_email": "alice", "password": PASSWORD}
    response = http.post("/musewave/auth/login/", login, "application/json")
    assert response.status_code == 200
    tokens = response.json()["token"]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {tokens['access']}"}
    assert http.get("/musewave/auth/me/", **bearer).status_code == 200
    refresh = http.post(
        "/musewave/auth/refresh/", {"refresh": tokens["refresh"]}, "application/json"
    )
    assert refresh.status_code == 200
    # Failures: a wrong password, a forged token, a request body that is not JSON, and a crash.
    wrong = {"username_or_email": "alice", "password": WRONG_PASSWORD}
    assert http.post("/musewave/auth/login/", wrong, "application/json").status_code == 401
    forged = {"HTTP_AUTHORIZATION": f"Bearer {BAD_TOKEN}"}
    assert http.get("/musewave/auth/me/", **forged).status_code == 401
    assert (
        http.post(
            "/musewave/auth/login/", f'{{"password": "{WRONG_PASSWORD}"', "application/json"
        ).status_code
        == 400
    )
    monkeypatch.setattr(
        "musewave.selectors.users.users_active",
        lambda: (_ for _ in ()).throw(RuntimeError(f"failed with Bearer {BAD_TOKEN}")),
    )
    assert http.get("/musewave/users/", **bearer).status_code == 500

    text = json_log.text
    # The log did see these requests (and their SQL) …
    assert "POST /musewave/auth/login/ 200" in text
    assert "Internal Server Error: /musewave/users/" in text
    assert "token_blacklist_outstandingtoken" in text
    # … but none of their secrets.
    secrets = [
        PASSWORD,
        WRONG_PASSWORD,
        COOKIE,
        BAD_TOKEN,
        tokens["access"],
        tokens["refresh"],
        *refresh.json().values(),
        alice.password,
    ]
    for secret in secrets:
        assert secret not in text
    assert REDACTED in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Authorization: Bearer abc.def", f"Authorization: {REDACTED} {REDACTED}"),
        ("{'HTTP_AUTHORIZATION': 'Basic dXNlcjpwdw=='}", f"{{'HTTP_AUTHORIZATION': '{REDACTED}'}}"),
        ("{'HTTP_COOKIE': 'sessionid=a; csrftoken=b'}", f"{{'HTTP_COOKIE': '{REDACTED}'}}"),
        ("Cookie: sessionid=abc; csrftoken=def", f"Cookie: {REDACTED}; csrftoken={REDACTED}"),
        ('{"password": "hunter2", "name": "x"}', f'{{"password": "{REDACTED}", "name": "x"}}'),
        (
            '{"new_password":"p","old_password":"q"}',
            f'{{"new_password":"{REDACTED}","old_password":"{REDACTED}"}}',
        ),
        (
            '"body": "{\\"password\\": \\"hunter2\\"}"',
            f'"body": "{{\\"password\\": \\"{REDACTED}\\"}}"',
        ),
        ("GET /x?access_token=abc&limit=5", f"GET /x?access_token={REDACTED}&limit=5"),
        ("password=hunter2 next", f"password={REDACTED} next"),
        ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln end", f"jwt {REDACTED} end"),
        ("hash argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA end", f"hash {REDACTED} end"),
        ("SECRET_KEY = 'django-insecure'", f"SECRET_KEY = '{REDACTED}'"),
        ("3 tokens issued, PASSWORD_MIN_LENGTH is 8", "3 tokens issued, PASSWORD_MIN_LENGTH is 8"),
        ("GET /musewave/tracks/ 200 1.2ms", "GET /musewave/tracks/ 200 1.2ms"),
    ],
)
def test_redaction(line, expected):
    assert redact(line) == expected


def _record(message, *args, **extra):
    record = logging.LogRecord("musewave.test", logging.INFO, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


def test_json_lines():
    record = _record("login by %s", "alice", request_id="abc", status=200)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "login by alice"
    assert line["level"] == "INFO"
    assert line["logger"] == "musewave.test"
    assert line["request_id"] == "abc"
    assert line["status"] == 200
    assert line["time"].endswith("+00:00")


def test_json_lines_leave_out_the_request_object_and_redact_extra_fields():
    record = _record("Unauthorized", request=object(), headers={"Authorization": "Bearer s3cret"})
    line = json.loads(JsonFormatter().format(record))
    assert "request" not in line
    assert "s3cret" not in json.dumps(line)


def test_console_lines_are_readable_and_redacted():
    formatter = ConsoleFormatter("%(levelname)s [%(request_id)s] %(message)s")
    assert formatter.format(_record("login %s", "password=x")) == (
        f"INFO [None] login password={REDACTED}"
    )
