"""How domain errors become `OperationInfo` messages and coded GraphQL errors."""

import pytest
from strawberry_django.fields.types import OperationMessage

from musewave.errors import (
    AuthenticationRequired,
    NotFound,
    PermissionDenied,
    Throttled,
    ValidationFailed,
)
from schema.core.errors import ArgumentNotFound, client_error, operation_info

Kind = OperationMessage.Kind


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (NotFound("Track not found"), (Kind.ERROR, "Track not found", None, "not_found")),
        (
            ArgumentNotFound("User not found", argument="userId"),
            (Kind.ERROR, "User not found", "userId", "not_found"),
        ),
        (PermissionDenied("No."), (Kind.PERMISSION, "No.", None, "permission_denied")),
        (
            AuthenticationRequired("Sign in."),
            (Kind.PERMISSION, "Sign in.", None, "unauthenticated"),
        ),
        (Throttled("Slow down.", 5), (Kind.ERROR, "Slow down.", None, "throttled")),
        (ValidationFailed("Bad request."), (Kind.VALIDATION, "Bad request.", None, "invalid")),
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
