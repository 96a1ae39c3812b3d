"""The one way a mutation is declared: `mutation(description=…)`, as strawberry-django's
`mutation` is used (a decorator, or a field given a resolver)."""

from typing import Annotated, Any, Union

import strawberry
import strawberry_django
from strawberry.annotation import StrawberryAnnotation
from strawberry.extensions import FieldExtension
from strawberry.types import Info
from strawberry.types.field import StrawberryField
from strawberry.types.union import StrawberryUnion
from strawberry.utils.str_converters import capitalize_first, to_camel_case

from musewave.errors import MusewaveError
from schema.core.errors import OperationInfo, operation_info
from schema.core.throttling import count_write


class OperationInfoPayload(FieldExtension):
    """A mutation returns `<Name>Payload`, the union of its result and `OperationInfo`: its
    write is counted against the abuse limits (`throttled` past them), and a domain error
    becomes the `OperationInfo` branch.

    The services are atomic, so a refused mutation has changed nothing. Any other exception is
    an internal error (logged, masked in production).
    """

    def apply(self, field: StrawberryField) -> None:
        result = field.type
        if isinstance(result, StrawberryUnion):
            return  # applied already: the schema is built more than once in a process
        name = field.graphql_name or to_camel_case(field.python_name)
        result_name = result.__strawberry_definition__.name
        payload = strawberry.union(
            f"{capitalize_first(name)}Payload",
            description=f"What `{name}` returns: `{result_name}` when it succeeds, "
            "`OperationInfo` (and nothing changed) when it was refused.",
        )
        field.type_annotation = StrawberryAnnotation(
            Annotated[Union[result, OperationInfo], payload]  # noqa: UP007 (built at run time)
        )

    def resolve(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        try:
            count_write(info)
            return next_(source, info, **kwargs)
        except MusewaveError as error:
            return operation_info(error)


def mutation(resolver: Any = None, *, description: str) -> Any:
    """A mutation field returning its `<Name>Payload` (see `OperationInfoPayload`)."""
    # strawberry-django's own error handling stays off (it would add its own `OperationInfo`):
    # the payload is built here, with MuseWave's, and its `ErrorCode`s.
    return strawberry_django.mutation(
        resolver,
        handle_django_errors=False,
        description=description,
        extensions=[OperationInfoPayload()],
    )
