"""Expected failures: domain errors become `OperationInfo` data in mutations and coded GraphQL
errors in queries; anything else is an internal error, masked when DEBUG is off."""

import functools
from collections.abc import Callable
from enum import Enum
from typing import Any, ParamSpec, TypeVar

import strawberry
from django.conf import settings
from django_guid import get_guid
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.utils.str_converters import to_camel_case

from musewave.errors import (
    UNAVAILABLE_MESSAGE,
    AuthenticationRequired,
    MusewaveError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    database_unavailable,
)

P = ParamSpec("P")
R = TypeVar("R")

NON_FIELD = "non_field_errors"


@strawberry.enum(
    name="ErrorCode",
    description="Why an operation was refused: the `code` of an `OperationInfo` message, and "
    "the `extensions.code` of a GraphQL error that has one. Clients branch on the code; the "
    "message is for people.",
    # The codes are the strings the API has always sent (`not_found`), not upper-case names.
    graphql_name_from="value",
)
class ErrorCode(Enum):
    INVALID = strawberry.enum_value(
        "invalid",
        description="Invalid input: a value breaks a rule (`field` names it), or the request "
        "as a whole does (a malformed id, cursor or JSON body).",
    )
    NOT_FOUND = strawberry.enum_value(
        "not_found",
        description="The object an argument names does not exist or is not visible to the "
        "viewer (a draft of someone else, a deactivated user); `field` names the argument.",
    )
    UNAUTHENTICATED = strawberry.enum_value(
        "unauthenticated",
        description="The operation needs a signed-in user: send `Authorization: Bearer "
        "<access>`. Also a missing, bad, expired or revoked token (HTTP 401).",
    )
    PERMISSION_DENIED = strawberry.enum_value(
        "permission_denied",
        description="The signed-in user may not do this, such as editing someone else's track.",
    )
    CONFLICT = strawberry.enum_value(
        "conflict",
        description="The object changed since the client read it: its `version` is not the "
        "`expectedVersion` sent.",
    )
    TOO_LARGE = strawberry.enum_value(
        "too_large", description="An uploaded file is over its size limit; `field` names it."
    )
    THROTTLED = strawberry.enum_value(
        "throttled",
        description="Too many attempts (sign-ins, writes) from this user or address; the "
        "message says when to try again.",
    )
    PAGE_SIZE_EXCEEDED = strawberry.enum_value(
        "page_size_exceeded",
        description="A list's `limit`, `first` or `last` is more than `GRAPHQL_MAX_PAGE_SIZE`, or "
        "negative, or an `offset` is negative (GraphQL errors only, before anything runs).",
    )
    QUERY_COST_EXCEEDED = strawberry.enum_value(
        "query_cost_exceeded",
        description="The query may return more list items than `GRAPHQL_MAX_COST`; "
        "`extensions.cost` and `extensions.maxCost` give both numbers (GraphQL errors only).",
    )
    UNAVAILABLE = strawberry.enum_value(
        "unavailable",
        description="The database could not answer for now (unreachable, busy, or a statement "
        "over its time limit): try again shortly (GraphQL errors only).",
    )
    ERROR = strawberry.enum_value("error", description="Any other expected failure.")


@strawberry.enum(
    name="OperationMessageKind", description="What kind of reason an `OperationMessage` gives."
)
class MessageKind(Enum):
    # MuseWave sends neither INFO nor WARNING; they stay so that clients generated from
    # earlier schemas still build.
    INFO = strawberry.enum_value("info", description="Information only (not sent by MuseWave).")
    WARNING = strawberry.enum_value("warning", description="A warning (not sent by MuseWave).")
    ERROR = strawberry.enum_value(
        "error", description="Anything else, such as an object that does not exist."
    )
    PERMISSION = strawberry.enum_value("permission", description="Not allowed, or not signed in.")
    VALIDATION = strawberry.enum_value("validation", description="Invalid input.")


@strawberry.type(
    name="OperationMessage",
    description="One reason a mutation failed, naming the argument or input field concerned "
    "when there is one.",
)
class OperationMessage:
    kind: MessageKind = strawberry.field(description="The kind of reason.")
    message: str = strawberry.field(description="What went wrong, for people.")
    field: str | None = strawberry.field(
        description="The argument or input field concerned, as the client sent it "
        "(`trackId`, `audioDuration`); null when the reason concerns the whole operation."
    )
    code: ErrorCode = strawberry.field(description="Why, for clients to branch on.")


@strawberry.type(
    name="OperationInfo",
    description="Why a mutation did not happen: one or more messages. A failed mutation "
    "changes nothing.",
)
class OperationInfo:
    messages: list[OperationMessage] = strawberry.field(description="The reasons, one or more.")


class ClientError(GraphQLError):
    """A query refused for a reason the client can fix; never masked."""

    def __init__(self, message: str, *, code: ErrorCode | str, **extensions: Any):
        super().__init__(message, extensions={"code": ErrorCode(code).value, **extensions})


def error_code(error: MusewaveError) -> ErrorCode:
    """The code of a domain error (every domain error's `code` is one of `ErrorCode`)."""
    return ErrorCode(error.code)


def _kind(error: MusewaveError) -> MessageKind:
    if isinstance(error, ValidationFailed):
        return MessageKind.VALIDATION
    if isinstance(error, PermissionDenied | AuthenticationRequired):
        return MessageKind.PERMISSION
    return MessageKind.ERROR


def _graphql_field(name: str | None) -> str | None:
    """A field as the client names it: `audio_duration` is `audioDuration`; none for the
    errors of the operation as a whole."""
    return None if name is None or name == NON_FIELD else to_camel_case(name)


def _field_messages(error: MusewaveError) -> list[tuple[str | None, str]]:
    """(field, message) pairs: one per field error of a ValidationFailed, else the message on
    the field a NotFound names (or on none)."""
    if isinstance(error, ValidationFailed) and error.errors:
        return [
            (_graphql_field(field), message)
            for field, messages in error.errors.items()
            for message in messages
        ]
    field = error.field if isinstance(error, NotFound) else None
    return [(_graphql_field(field), error.message)]


def operation_info(error: MusewaveError) -> OperationInfo:
    """The `OperationInfo` a mutation returns for a domain error: one message per field error."""
    kind, code = _kind(error), error_code(error)
    return OperationInfo(
        messages=[
            OperationMessage(kind=kind, message=message, field=field, code=code)
            for field, message in _field_messages(error)
        ]
    )


def client_error(error: MusewaveError) -> ClientError:
    """The GraphQL error a query answers for a domain error, with its field messages (under
    `extensions.fields`) when it concerns particular fields."""
    fields: dict[str, list[str]] = {}
    named = isinstance(error, NotFound) and error.field is not None
    if named or (isinstance(error, ValidationFailed) and error.errors):
        for field, message in _field_messages(error):
            fields.setdefault(field or NON_FIELD, []).append(message)
    extensions = {"fields": fields} if fields else {}
    return ClientError(error.message, code=error_code(error), **extensions)


def raises_client_errors(resolver: Callable[P, R]) -> Callable[P, R]:
    """Query resolvers: a domain error becomes a GraphQL error with `extensions.code`."""

    @functools.wraps(resolver)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return resolver(*args, **kwargs)
        except MusewaveError as error:
            raise client_error(error) from error

    return wrapper


def is_internal_error(error: GraphQLError) -> bool:
    """Errors the client caused (syntax, validation, variable values, limits, domain errors) are
    kept as they are; anything else going wrong while executing is internal.

    Only execution errors have a `path`; those before execution all describe the request.
    """
    if error.path is None:
        return False
    return not isinstance(_original_error(error), ClientError)


class MaskInternalErrors(MaskErrors):
    """An internal error carries the request id in `extensions.requestId`, so that a client's
    report can be matched to the log line; in production (DEBUG off) it shows only a generic
    message besides, no internals. A database that could not answer for now is said so, with
    `extensions.code` `unavailable`, for the client to try again.

    Decided per request so that a deployment's DEBUG setting is always the one in force.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_internal_error, error_message="Internal error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        extensions: dict[str, Any] = {"requestId": get_guid()}
        message = self.error_message
        if database_unavailable(_original_error(error)):
            extensions["code"] = ErrorCode.UNAVAILABLE.value
            message = UNAVAILABLE_MESSAGE
        return GraphQLError(
            message=error.message if settings.DEBUG else message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=error.original_error if settings.DEBUG else None,
            extensions=extensions,
        )


def _original_error(error: GraphQLError) -> BaseException:
    """What was raised underneath the GraphQL errors wrapping it (a ClientError wraps
    nothing)."""
    original: BaseException = error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    return original
