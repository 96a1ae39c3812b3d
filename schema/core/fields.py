"""Field shapes that recur across the types: one helper each."""

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from musewave.selectors.tracks import track_get
from schema.core.arguments import TrackIdArg, UserIdArg
from schema.core.errors import raises_client_errors
from schema.core.pagination import CursorCheckedConnection, offset_list
from schema.core.viewer import get_viewer

T = TypeVar("T")

_attribute_numbers = itertools.count()


def by_page_number(rows: str, *, connection: str) -> str:
    """The description of a list that has a connection beside it: `rows` says what it holds, in
    which order; `connection` is the field's name in the schema."""
    return (
        f"{rows}, by page number (`limit`, `offset`) for numbered pages; `{connection}` for "
        "endless scrolling."
    )


def for_endless_scrolling(rows: str, *, offset_list: str) -> str:
    """The description of a connection that has a list beside it, named `offset_list`."""
    return (
        f"{rows}, as a Relay connection for endless scrolling (each page after a cursor, "
        f"`totalCount` for the scroll bar); `{offset_list}` for numbered pages."
    )


def track_rows_pages(node: type, rows_of_track: Callable[..., QuerySet], *, rows: str, name: str):
    """A track's rows (`rows_of_track`, see `of_visible_track`) as two fields: the offset list
    `name` for numbered pages and the connection `<name>Connection` beside it for endless
    scrolling, each of `node`; `rows` says what they hold, in which order."""
    connection = f"{name}Connection"
    return (
        offset_list(
            of_visible_track(rows_of_track),
            graphql_type=list[node],
            description=by_page_number(rows, connection=connection),
        ),
        strawberry_django.connection(
            CursorCheckedConnection[node],
            resolver=of_visible_track(rows_of_track),
            description=for_endless_scrolling(rows, offset_list=name),
        ),
    )


def annotated(
    annotation: Callable[[Info], Any], *, fallback: Callable[[Any, Info], Any], description: str
) -> Any:
    """A figure (a count, a total) the optimizer computes within the query that fetches the
    objects, as `annotation`; `fallback(root, info)` computes it for an object fetched without
    the optimizer."""
    attribute = f"_annotated_{next(_attribute_numbers)}"

    def resolve(root: Any, info: Info) -> Any:
        value = getattr(root, attribute, None)
        return value if value is not None else fallback(root, info)

    return strawberry_django.field(
        resolve, annotate={attribute: annotation}, description=description
    )


def of_visible_track(rows_of_track: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
    """The resolver of a track's rows (`rows_of_track(track_id=…)`: its plays, likes…): those
    of the track `trackId` names if the viewer may see it, a `not_found` error otherwise."""

    @raises_client_errors
    # Annotated as an iterable, which connection fields require of their resolvers.
    def resolve(info: Info, track_id: TrackIdArg) -> Iterable[Any]:
        track = track_get(track_id=track_id, viewer=get_viewer(info))
        return rows_of_track(track_id=track.pk)

    return resolve


def of_user(rows_of_user: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
    """The resolver of a user's rows (`rows_of_user(user_id=…, viewer=…)`: their plays,
    likes…) on the tracks the viewer can see."""

    @raises_client_errors
    def resolve(info: Info, user_id: UserIdArg) -> Iterable[Any]:
        return rows_of_user(user_id=user_id, viewer=get_viewer(info))

    return resolve


def from_source(cls: type[T], source: Mapping[str, Any] | object, **given: Any) -> T:
    """An instance of the strawberry type `cls`: the fields `given`, and each other one (but
    those with a resolver) from the attribute (or, of a mapping, the key) of `source` of the
    same name."""
    read = source.__getitem__ if isinstance(source, Mapping) else source.__getattribute__
    values = {
        field.name: read(field.name)
        for field in dataclasses.fields(cls)  # type: ignore[arg-type]
        if field.name not in given and getattr(field, "base_resolver", None) is None
    }
    return cls(**values, **given)
