"""Offset pagination (`limit`, `offset`) for every list field, root or nested, and keyset
cursors for the lists that grow at the top while they are read (feed, notifications).

Both are strawberry-django's pagination: `limit` and `offset` become its
`OffsetPaginationInput`, bounded by its `PAGINATION_DEFAULT_LIMIT` and `PAGINATION_MAX_LIMIT`
settings. Root lists are sliced in SQL; nested lists are paginated per parent by the optimizer
with window functions, so a page of parents still costs one query per relation.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

import strawberry
import strawberry_django
from django.db.models import QuerySet
from graphql import (
    ArgumentNode,
    ExecutionResult,
    GraphQLError,
    StringValueNode,
    VariableNode,
    Visitor,
    visit,
)
from strawberry import relay
from strawberry.annotation import StrawberryAnnotation
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.extensions.field_extension import SyncExtensionResolver
from strawberry.relay.types import PREFIX
from strawberry.relay.utils import from_base64, to_base64
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField
from strawberry.types.info import Info
from strawberry_django.pagination import PAGINATION_ARG, OffsetPaginationInput, apply
from strawberry_django.relay import DjangoListConnection
from strawberry_django.settings import strawberry_django_settings

from schema.core.errors import ClientError, ErrorCode

T = TypeVar("T")


def default_page_size() -> int:
    """Items in a page whose size the client does not give (`GRAPHQL_PAGE_SIZE`)."""
    return strawberry_django_settings()["PAGINATION_DEFAULT_LIMIT"]


def max_page_size() -> int:
    """The most items one page may hold (`GRAPHQL_MAX_PAGE_SIZE`)."""
    return strawberry_django_settings()["PAGINATION_MAX_LIMIT"]


def _page_argument(name: str, default: int, description: str) -> StrawberryArgument:
    return StrawberryArgument(
        python_name=name,
        graphql_name=None,
        type_annotation=StrawberryAnnotation(int),
        default=default,
        description=description,
    )


def _page(arguments: dict[str, Any]) -> OffsetPaginationInput:
    return OffsetPaginationInput(offset=arguments.pop("offset"), limit=arguments.pop("limit"))


class OffsetPage(FieldExtension):
    """The `limit` and `offset` arguments of a list field, handed to strawberry-django's
    pagination as its `pagination` input.

    A field without a resolver (a relation, or a root list of a model) is paginated by the
    library itself: sliced at the root, windowed per parent when the optimizer prefetches it.
    A resolver's queryset is paginated here, after the library filtered and optimized it;
    a resolver that returns a list has already cut its page (`requested_page`)."""

    def apply(self, field: StrawberryField) -> None:
        self.pages_resolver = field.base_resolver is not None
        field.arguments = [
            *field.arguments,
            _page_argument(
                "limit",
                default_page_size(),
                f"How many items to return, at most {max_page_size()}.",
            ),
            _page_argument("offset", 0, "How many items to skip."),
        ]

    def map_arguments(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        # Also called by the optimizer when it plans a nested list's prefetch.
        kwargs[PAGINATION_ARG] = _page(kwargs)
        return kwargs

    def resolve(
        self,
        next_: SyncExtensionResolver,
        source: Any,
        info: Info,
        *,
        pagination: OffsetPaginationInput,
        **kwargs: Any,
    ) -> Any:
        if not self.pages_resolver:
            return next_(source, info, pagination=pagination, **kwargs)
        result = next_(source, info, **kwargs)
        return apply(pagination, result) if isinstance(result, QuerySet) else result


def offset_list(resolver=None, **kwargs: Any):
    """`strawberry_django.field` for a paginated list; use like it (also as a decorator)."""
    kwargs["extensions"] = [*kwargs.get("extensions", ()), OffsetPage()]
    if resolver is None:
        return strawberry_django.field(**kwargs)
    return strawberry_django.field(resolver, **kwargs)


def requested_page(info: Info) -> OffsetPaginationInput:
    """The page an offset list's selection asks for, for an optimizer hint, which plans the
    list's prefetch before the list is resolved: its `limit` and `offset` as the resolver gets
    them, each argument's default where the selection gives none (or a variable left unset)."""
    selection = info.selected_fields[0]
    arguments = {}
    for name in ("limit", "offset"):
        value = selection.arguments.get(name)
        if value is None:
            value = info.get_argument_definition(name).default
        # A variable comes coerced; a literal as its text, which validation found an Int.
        arguments[name] = int(value)
    return _page(arguments)


# Offsets beyond this are not rows of any table; it also keeps them inside a 64-bit integer.
MAX_CURSOR_OFFSET = 2**62


def _is_valid_cursor(cursor: str) -> bool:
    try:
        prefix, offset = from_base64(cursor)
    except (ValueError, TypeError):
        return False
    return prefix == PREFIX and offset.isdigit() and int(offset) < MAX_CURSOR_OFFSET


@strawberry.type(name="Connection", description="A connection to a list of items.")
class CursorCheckedConnection(DjangoListConnection[relay.NodeType]):
    """A Relay list connection that answers a malformed `after`/`before` cursor with a client
    error instead of failing inside the pagination code."""

    @classmethod
    def resolve_connection(cls, nodes, *, info, before=None, after=None, **kwargs):
        for name, cursor in (("after", after), ("before", before)):
            if cursor is not None and not _is_valid_cursor(cursor):
                message = f"`{name}` is not a cursor of this list."
                raise ClientError(message, code=ErrorCode.INVALID, fields={name: [message]})
        return super().resolve_connection(nodes, info=info, before=before, after=after, **kwargs)


CURSOR_ARGUMENTS = ("after", "before")


class _CursorArguments(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[ArgumentNode] = []

    def enter_argument(self, node: ArgumentNode, *args: Any) -> None:
        if node.name.value in CURSOR_ARGUMENTS:
            self.found.append(node)


def _cursor_values(document, variables: dict[str, Any]) -> Iterator[tuple[ArgumentNode, Any]]:
    visitor = _CursorArguments()
    visit(document, visitor)
    for node in visitor.found:
        if isinstance(node.value, StringValueNode):
            yield node, node.value.value
        elif isinstance(node.value, VariableNode):
            yield node, variables.get(node.value.name.value)


def _is_any_cursor(cursor: str) -> bool:
    """An offset cursor of a list connection, or a keyset cursor (feed, notifications)."""
    if _is_valid_cursor(cursor):
        return True
    try:
        keyset_position(cursor)
    except ClientError:
        return False
    return True


class CursorArgumentValidator(SchemaExtension):
    """Refuses a request whose `after` or `before` argument, anywhere in it, is not a cursor,
    with one error and before execution starts: nested connections are paginated while their
    parents are fetched, where a malformed cursor would otherwise fail inside the pagination
    code."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.result:
            for node, value in _cursor_values(document, context.variables or {}):
                if isinstance(value, str) and not _is_any_cursor(value):
                    name = node.name.value
                    message = f"`{name}` is not a cursor of this list."
                    error = GraphQLError(
                        message,
                        nodes=[node],
                        extensions={"code": ErrorCode.INVALID.value, "fields": {name: [message]}},
                    )
                    context.result = ExecutionResult(data=None, errors=[error])
                    break
        yield


# --- Keyset cursors: pages that new rows never shift ----------------------------------------------

KEYSET_PREFIX = "keyset"


def keyset_cursor(at: datetime, pk: Any) -> str:
    """The cursor of a row ordered by (`at`, `pk`), both descending."""
    return to_base64(KEYSET_PREFIX, f"{at.isoformat()}|{pk}")


def keyset_position(cursor: str, *, argument: str = "after") -> tuple[datetime, UUID]:
    """The (`at`, `pk`) a keyset cursor points at; a client error for anything else."""
    try:
        prefix, value = from_base64(cursor)
        at_text, _, pk_text = value.partition("|")
        at, pk = datetime.fromisoformat(at_text), UUID(pk_text)
    except (ValueError, TypeError, AttributeError):
        prefix = None
    if prefix != KEYSET_PREFIX or at.tzinfo is None:
        message = f"`{argument}` is not a cursor of this list."
        raise ClientError(message, code=ErrorCode.INVALID, fields={argument: [message]})
    return at, pk


@dataclass
class KeysetPage(Generic[T]):
    rows: list[T]
    cursors: list[str]
    page_info: relay.PageInfo


def keyset_page(
    rows: QuerySet[T],
    *,
    at_field: str,
    after_filter: Callable[[QuerySet[T], datetime, UUID], QuerySet[T]],
    first: int | None,
    after: str | None,
    before: str | None,
    last: int | None,
) -> KeysetPage[T]:
    """One forward page of `rows` (ordered by `at_field` then id, newest first) after the
    cursor `after`: at most `first` rows (default and most: the page size settings) in one
    query."""
    if before is not None or last is not None:
        message = "This list pages forwards only: use `first` and `after`."
        raise ClientError(message, code=ErrorCode.INVALID)
    size = default_page_size() if first is None else max(0, min(first, max_page_size()))
    if after is not None:
        at, pk = keyset_position(after)
        rows = after_filter(rows, at, pk)
    fetched = list(rows[: size + 1])
    page = fetched[:size]
    cursors = [keyset_cursor(getattr(row, at_field), row.pk) for row in page]
    return KeysetPage(
        rows=page,
        cursors=cursors,
        page_info=relay.PageInfo(
            has_next_page=len(fetched) > size,
            has_previous_page=after is not None,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
    )
