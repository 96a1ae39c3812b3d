"""Request limits, enforced before any resolver runs (so a refused query reads no row)."""

from collections.abc import Iterator
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    Node,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from schema.core.pagination import MAX_PAGE_SIZE

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 3000
# Arguments that size a page: offset lists (`limit`) and Relay connections (`first`, `last`).
PAGE_SIZE_ARGUMENTS = frozenset({"limit", "first", "last"})


class MaxPageSizeLimiter(SchemaExtension):
    """Refuses a request asking for more than `max_page_size` items of any list or connection,
    or for a negative page size or offset, with one error and before execution starts."""

    def __init__(self, *, max_page_size: int = MAX_PAGE_SIZE) -> None:
        self.max_page_size = max_page_size

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.result:
            error = self._check(document, context.variables or {})
            if error is not None:
                context.result = ExecutionResult(data=None, errors=[error])
        yield

    def _check(self, document, variables: dict[str, Any]) -> GraphQLError | None:
        fragments = {}
        operations = []
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                operations.append(definition)
            else:
                fragments[definition.name.value] = definition
        for operation in operations:
            defaults = {
                d.variable.name.value: d.default_value for d in operation.variable_definitions or ()
            }
            for field in _fields(operation.selection_set, fragments, set()):
                for argument in field.arguments or ():
                    for name, value in _int_arguments(argument.name.value, argument.value):
                        number = _value(value, variables, defaults)
                        error = self._refuse(field, name, number)
                        if error is not None:
                            return error
        return None

    def _refuse(self, field: FieldNode, name: str, number: Any) -> GraphQLError | None:
        if not isinstance(number, int):
            return None
        if name in PAGE_SIZE_ARGUMENTS and not 0 <= number <= self.max_page_size:
            message = (
                f"`{name}` of `{field.name.value}` must be between 0 and {self.max_page_size};"
                f" got {number}."
            )
        elif name == "offset" and number < 0:
            message = f"`offset` of `{field.name.value}` must not be negative; got {number}."
        else:
            return None
        return GraphQLError(message, nodes=[field], extensions={"code": "page_size_exceeded"})


def _fields(
    selection_set: SelectionSetNode | None, fragments: dict, seen: set[str]
) -> Iterator[FieldNode]:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
            yield from _fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue
            seen.add(name)
            yield from _fields(fragments[name].selection_set, fragments, seen)


def _int_arguments(name: str, value: ValueNode) -> Iterator[tuple[str, ValueNode]]:
    """The argument itself, or the `limit`/`offset` fields of an input object argument."""
    if isinstance(value, ObjectValueNode):
        for field in value.fields:
            yield from _int_arguments(field.name.value, field.value)
    elif name in PAGE_SIZE_ARGUMENTS or name == "offset":
        yield name, value


def _value(node: ValueNode, variables: dict[str, Any], defaults: dict[str, Any]) -> Any:
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, VariableNode):
        name = node.name.value
        if name in variables:
            return variables[name]
        default = defaults.get(name)
        return int(default.value) if isinstance(default, IntValueNode) else None
    return None


class NullCharacterRejector(SchemaExtension):
    """Refuses text containing NUL characters anywhere in the request, before execution:
    PostgreSQL cannot store or compare them, and no field of MuseWave holds one."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.result:
            literals = (node.value for node in _walk(document) if isinstance(node, StringValueNode))
            if any("\x00" in text for text in literals) or _has_nul(context.variables):
                error = GraphQLError(
                    "Text may not contain null characters (U+0000).",
                    extensions={"code": "invalid"},
                )
                context.result = ExecutionResult(data=None, errors=[error])
        yield


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for key in node.keys:
        value = getattr(node, key, None)
        children = value if isinstance(value, tuple | list) else (value,)
        for child in children:
            if isinstance(child, Node):
                yield from _walk(child)


def _has_nul(value: Any) -> bool:
    # Iterative: variables nest as deep as their JSON did, past Python's recursion limit.
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False


def limit_extensions() -> list:
    """The limits every request is held to."""
    return [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        MaxPageSizeLimiter,
        NullCharacterRejector,
    ]
