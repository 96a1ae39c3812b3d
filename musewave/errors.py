"""Domain errors. The GraphQL and REST layers translate them into their own formats."""

from django.db import OperationalError


class MusewaveError(Exception):
    """Base of every expected failure of a MuseWave operation."""

    code = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(MusewaveError):
    """The named object does not exist (or is not visible to the actor). `field`, when given,
    is the input that named it (`"album_id"`), as in `ValidationFailed.field`."""

    code = "not_found"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class ValidationFailed(MusewaveError):
    """Input breaks a rule. `errors` maps field names to messages; it is empty for a rule that
    concerns the request as a whole (then `message` says what is wrong). `paths` says, when it
    is finer than a field, where each message belongs: `(("track_ids", 2), "message")` is about
    the third item of `track_ids`."""

    code = "invalid"

    def __init__(
        self,
        message: str = "Invalid input.",
        errors: dict[str, list[str]] | None = None,
        paths: list[tuple[tuple[str | int, ...], str]] | None = None,
    ):
        super().__init__(message)
        self.errors: dict[str, list[str]] = errors or {}
        self.paths = paths or [
            ((field,), text) for field, texts in self.errors.items() for text in texts
        ]

    @classmethod
    def field(cls, field: str, message: str) -> "ValidationFailed":
        return cls(message, {field: [message]})


class PayloadTooLarge(ValidationFailed):
    """A file (or body) is over its size limit; `errors` names the field."""

    code = "too_large"


class AuthenticationRequired(MusewaveError):
    """The operation needs an authenticated user and there is none."""

    code = "unauthenticated"


class PermissionDenied(MusewaveError):
    """The actor may not do this."""

    code = "permission_denied"


class Conflict(MusewaveError):
    """The object changed since the client read it (its `version` is not the one expected)."""

    code = "conflict"


class Throttled(MusewaveError):
    """Too many requests; `retry_after` is in seconds."""

    code = "throttled"

    def __init__(self, message: str = "Too many requests.", retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after


# What a client is told when the database cannot answer for now.
UNAVAILABLE_MESSAGE = "The service is temporarily unavailable; try again shortly."


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` is the database failing to answer for now, not a fault of the request
    or of the code: unreachable, no pooled connection free within DB_POOL_TIMEOUT_SECONDS,
    locked, a statement cancelled at DB_STATEMENT_TIMEOUT_MS, a deadlock. Both APIs answer it
    as unavailable (HTTP 503, GraphQL code `UNAVAILABLE`), for the client to try again."""
    return isinstance(error, OperationalError)
