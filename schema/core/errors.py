"""Expected failures: domain errors become `OperationInfo` data in mutations and coded GraphQL
errors in queries; anything else is an internal error, masked when DEBUG is off."""

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django_guid import get_guid
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.utils.str_converters import to_camel_case
from strawberry_django.fields.types import OperationInfo, OperationMessage

from musewave.errors import (
    AuthenticationRequired,
    MusewaveError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)

P = ParamSpec("P")
R = TypeVar("R")

NON_FIELD = "non_field_errors"


class ArgumentNotFound(NotFound):
    """An argument names an object that does not exist; `argument` is its GraphQL name."""

    def __init__(self, message: str, *, argument: str):
        super().__init__(message)
        self.argument = argument


class ClientError(GraphQLError):
    """A query refused for a reason the client can fix; never masked."""

    def __init__(self, message: str, *, code: str, **extensions: Any):
        super().__init__(message, extensions={"code": code, **extensions})


def _kind(error: MusewaveError) -> OperationMessage.Kind:
    if isinstance(error, ValidationFailed):
        return OperationMessage.Kind.VALIDATION
    if isinstance(error, PermissionDenied | AuthenticationRequired):
        return OperationMessage.Kind.PERMISSION
    return OperationMessage.Kind.ERROR


def _graphql_field(name: str) -> str | None:
    return None if name == NON_FIELD else to_camel_case(name)


def operation_info(error: MusewaveError) -> OperationInfo:
    """The `OperationInfo` a mutation returns for a domain error: one message per field error."""
    kind = _kind(error)
    if isinstance(error, ValidationFailed) and error.errors:
        messages = [
            OperationMessage(
                kind=kind, message=message, field=_graphql_field(field), code=error.code
            )
            for field, field_messages in error.errors.items()
            for message in field_messages
        ]
    else:
        field = error.argument if isinstance(error, ArgumentNotFound) else None
        messages = [
            OperationMessage(kind=kind, message=error.message, field=field, code=error.code)
        ]
    return OperationInfo(messages=messages)


def returns_operation_info(resolver: Callable[P, R]) -> Callable[P, R | OperationInfo]:
    """Mutation resolvers: the write is counted against the abuse limits, and a domain error
    becomes the `OperationInfo` branch of the payload.

    The services are atomic, so a refused mutation has changed nothing.
    """
    from schema.core.viewer import count_write

    @functools.wraps(resolver)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | OperationInfo:
        try:
            count_write(kwargs["info"])
            return resolver(*args, **kwargs)
        except MusewaveError as error:
            return operation_info(error)

    return wrapper


def client_error(error: MusewaveError) -> ClientError:
    fields = {}
    if isinstance(error, ValidationFailed) and error.errors:
        fields = {_graphql_field(f) or NON_FIELD: msgs for f, msgs in error.errors.items()}
    elif isinstance(error, ArgumentNotFound):
        fields = {error.argument: [error.message]}
    return ClientError(error.message, code=error.code, **({"fields": fields} if fields else {}))


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
    original: BaseException | None = error
    while isinstance(original, GraphQLError) and not isinstance(original, ClientError):
        original = original.original_error
    return not isinstance(original, ClientError)


class MaskInternalErrors(MaskErrors):
    """An internal error carries the request id in `extensions.requestId`, so that a client's
    report can be matched to the log line; in production (DEBUG off) it shows only a generic
    message besides, no internals.

    Decided per request so that a deployment's DEBUG setting is always the one in force.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_internal_error, error_message="Internal error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return GraphQLError(
            message=error.message if settings.DEBUG else self.error_message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=error.original_error if settings.DEBUG else None,
            extensions={"requestId": get_guid()},
        )


# strawberry-django declares these without a GraphQL description; GraphiQL's docs show ours.
OperationInfo.__strawberry_definition__.description = (
    "Why a mutation did not happen: one or more messages. A failed mutation changes nothing."
)
OperationMessage.__strawberry_definition__.description = (
    "One reason a mutation failed, naming the input field concerned when there is one."
)
OperationMessage.Kind.__strawberry_definition__.description = (
    "VALIDATION: invalid input; PERMISSION: not allowed or not signed in; ERROR: anything else, "
    "such as an object that does not exist."
)
