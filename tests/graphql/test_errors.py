"""How domain errors become `OperationInfo` messages and coded GraphQL errors."""

from pathlib import Path

import pytest

from musewave.errors import (
    AuthenticationRequired,
    MusewaveError,
    NotFound,
    PermissionDenied,
    Throttled,
    ValidationFailed,
)
from schema.core.errors import ErrorCode, client_error, operation_info
from schema.core.errors import MessageKind as Kind

Code = ErrorCode


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (NotFound("Track not found"), (Kind.ERROR, "Track not found", None, Code.NOT_FOUND)),
        (
            NotFound("User not found", field="userId"),
            (Kind.ERROR, "User not found", "userId", Code.NOT_FOUND),
        ),
        (
            NotFound("Album not found", field="album_id"),
            (Kind.ERROR, "Album not found", "albumId", Code.NOT_FOUND),
        ),
        (PermissionDenied("No."), (Kind.PERMISSION, "No.", None, Code.PERMISSION_DENIED)),
        (
            AuthenticationRequired("Sign in."),
            (Kind.PERMISSION, "Sign in.", None, Code.UNAUTHENTICATED),
        ),
        (Throttled("Slow down.", 5), (Kind.ERROR, "Slow down.", None, Code.THROTTLED)),
        (ValidationFailed("Bad request."), (Kind.VALIDATION, "Bad request.", None, Code.INVALID)),
    ],
)
def test_each_domain_error_is_one_message(error, expected):
    [message] = operation_info(error).messages
    assert (message.kind, message.message, message.field, message.code) == expected


def test_field_errors_become_one_message_each_with_camel_case_fields():
    error = ValidationFailed(
        "first",
        {
            "audio_duration": ["Too short.", "Not finite."],
            "non_field_errors": ["Inconsistent."],
        },
    )
    assert [(m.field, m.message) for m in operation_info(error).messages] == [
        ("audioDuration", "Too short."),
        ("audioDuration", "Not finite."),
        (None, "Inconsistent."),
    ]


def test_query_errors_carry_the_code_and_field_messages():
    error = client_error(ValidationFailed.field("track_ids", "Unknown track."))
    assert error.message == "Unknown track."
    assert error.extensions == {"code": "invalid", "fields": {"trackIds": ["Unknown track."]}}
    assert client_error(NotFound("Gone")).extensions == {"code": "not_found"}
    assert client_error(NotFound("Gone", field="item_id")).extensions == {
        "code": "not_found",
        "fields": {"itemId": ["Gone"]},
    }


def _subclasses(cls: type) -> list[type]:
    return [cls, *(sub for direct in cls.__subclasses__() for sub in _subclasses(direct))]


def test_every_domain_error_has_an_error_code():
    codes = {code.value for code in ErrorCode}
    assert {error.code for error in _subclasses(MusewaveError)} <= codes


def test_the_readme_documents_every_error_code():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Error codes", 1)[1].split("\n### ", 1)[0]
    documented = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    assert sorted(documented) == sorted(code.value for code in ErrorCode)
