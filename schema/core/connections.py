"""Connections paged by keyset cursors: lists that grow at the top while they are read (the
feed, notifications), whose cursors new rows never shift."""

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from django.db.models import QuerySet
from strawberry import relay
from strawberry.types import Info

from schema.core.pagination import keyset_page


class KeysetPaged:
    """Mixed into a `relay.Connection` of rows ordered by (`at_field`, id), newest first; the
    connection says which rows follow a cursor's position (`rows_after`)."""

    at_field: ClassVar[str]

    @classmethod
    def rows_after(cls, rows: QuerySet, at: datetime, pk: UUID) -> QuerySet:
        raise NotImplementedError

    @classmethod
    def resolve_connection(
        cls,
        nodes: Any,
        *,
        info: Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> Any:
        page = keyset_page(
            nodes,
            at_field=cls.at_field,
            after_filter=cls.rows_after,
            first=first,
            after=after,
            before=before,
            last=last,
        )
        edges = cls.page_edges(page.rows, page.cursors)
        return cls(edges=edges, page_info=page.page_info)  # type: ignore[call-arg]

    @classmethod
    def page_edges(cls, rows: list[Any], cursors: list[str]) -> list[relay.Edge]:
        """The page's edges; a connection whose edges carry more (the feed's reposter) reads
        what they need for the whole page at once here."""
        return [
            relay.Edge(cursor=cursor, node=row) for cursor, row in zip(cursors, rows, strict=True)
        ]
