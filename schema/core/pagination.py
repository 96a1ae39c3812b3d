"""Offset pagination (`limit`, `offset`) for every list field, root or nested, and keyset
cursors for the lists that grow at the top while they are read (feed, notifications).

Root lists are sliced in SQL; nested lists prefetched by the optimizer are paginated per parent
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
from strawberry.extensions import SchemaExtension
from strawberry.relay.types import PREFIX
from strawberry.relay.utils import from_base64, to_base64
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.info import Info
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.optimizer import is_optimized_by_prefetching
from strawberry_django.pagination import apply_window_pagination
from strawberry_django.relay import DjangoListConnection

from schema.core.errors import ClientError

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PAGE_ARGUMENTS = ("limit", "offset")


def _page_argument(name: str, default: int, description: str) -> StrawberryArgument:
    return StrawberryArgument(
        python_name=name,
        graphql_name=None,
        type_annotation=StrawberryAnnotation(int),
        default=default,
        description=description,
    )


class OffsetListField(StrawberryDjangoField):
    """A list field with `limit` (0–100, default 20) and `offset` arguments."""

    @property
    def arguments(self) -> list[StrawberryArgument]:
        arguments = super().arguments
        if any(a.python_name == "limit" for a in arguments):
            return arguments
        return [
            *arguments,
            _page_argument(
                "limit",
                DEFAULT_PAGE_SIZE,
                f"How many items to return, at most {MAX_PAGE_SIZE}.",
            ),
            _page_argument("offset", 0, "How many items to skip."),
        ]

    @arguments.setter
    def arguments(self, value: list[StrawberryArgument]) -> None:
        args_prop = super(OffsetListField, self.__class__).arguments
        args_prop.fset(self, value)  # type: ignore[attr-defined]

    def get_result(self, source: Any, info: Info | None, args: list[Any], kwargs: dict[str, Any]):
        if self.base_resolver is None:
            return super().get_result(source, info, args, kwargs)
        # The resolver builds the queryset; the page is cut here, after optimization.
        page = {k: v for k, v in kwargs.items() if k in PAGE_ARGUMENTS}
        resolver_kwargs = {k: v for k, v in kwargs.items() if k not in PAGE_ARGUMENTS}
        result = self.resolver(source, info, args, resolver_kwargs)
        if isinstance(result, QuerySet):
            return self.get_queryset_hook(info=info, **page)(result)
        return result

    def get_queryset(
        self,
        queryset: QuerySet,
        info: Info,
        *,
        limit: int = DEFAULT_PAGE_SIZE,
        offset: int = 0,
        _strawberry_related_field_id: str | None = None,
        **kwargs: Any,
    ) -> QuerySet:
        if is_optimized_by_prefetching(queryset):
            return queryset
        queryset = super().get_queryset(queryset, info, **kwargs)
        limit = max(0, min(limit, MAX_PAGE_SIZE))
        offset = max(0, offset)
        if _strawberry_related_field_id is not None:
            return apply_window_pagination(
                queryset,
                related_field_id=_strawberry_related_field_id,
                offset=offset,
                limit=limit,
            )
        return queryset[offset : offset + limit]


def offset_list(resolver=None, **kwargs: Any):
    """`strawberry_django.field` for a paginated list; use like it (also as a decorator)."""
    if resolver is None:
        return strawberry_django.field(field_cls=OffsetListField, **kwargs)
    return strawberry_django.field(resolver, field_cls=OffsetListField, **kwargs)


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
                raise ClientError(message, code="invalid", fields={name: [message]})
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
                        extensions={"code": "invalid", "fields": {name: [message]}},
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
        raise ClientError(message, code="invalid", fields={argument: [message]})
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
    cursor `after`: at most `first` rows (default 20, at most 100) in one query."""
    if before is not None or last is not None:
        message = "This list pages forwards only: use `first` and `after`."
        raise ClientError(message, code="invalid")
    size = DEFAULT_PAGE_SIZE if first is None else max(0, min(first, MAX_PAGE_SIZE))
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
