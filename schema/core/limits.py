"""Request limits, enforced before any resolver runs (so a refused query reads no row)."""

import functools
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    Node,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    get_argument_values,
    get_named_type,
    get_operation_ast,
    get_variable_values,
    validate,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    max_aliases,
    query_depth_limiter,
)
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from schema.core.errors import ErrorCode
from schema.core.pagination import max_page_size

# Arguments that size a page: offset lists (`limit`) and Relay connections (`first`, `last`).
PAGE_SIZE_ARGUMENTS = frozenset({"limit", "first", "last"})


class RequestRules(SchemaExtension):
    """What a request may ask, by the settings in force: schema introspection
    (`GRAPHQL_INTROSPECTION`) and "Did you mean …?" suggestions in errors
    (`GRAPHQL_SUGGESTIONS`), both off by default in production; and a document holding several
    operations must name the one to run (`operationName`)."""

    def on_operation(self) -> Iterator[None]:
        if not settings.GRAPHQL_INTROSPECTION:
            context = self.execution_context
            context.validation_rules = (*context.validation_rules, NoSchemaIntrospectionCustomRule)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            # strawberry falls back to the first operation's name when the request names none.
            if len(operations) > 1 and getattr(context, "_provided_operation_name", None) is None:
                context.pre_execution_errors = [
                    GraphQLError(
                        "Must provide operation name if query contains multiple operations.",
                        extensions={"code": ErrorCode.INVALID.value},
                    )
                ]
            elif context.validation_rules:
                # Validate here, as strawberry would, with suggestions only where they are on,
                # and once per document (strawberry skips its own validation when errors are
                # already set, even an empty list).
                errors = _per_document(_validate)(
                    context.schema._schema,
                    document,
                    # The rules strawberry's own validation adds to the extensions' ones.
                    (*context.validation_rules, MaybeNullValidationRule, OneOfInputValidationRule),
                    not settings.GRAPHQL_SUGGESTIONS,
                )
                context.pre_execution_errors = list(errors)
        yield


def _per_document(function):
    """`function` with its results kept for the `GRAPHQL_DOCUMENT_CACHE_SIZE` documents last
    seen, as ParserCache keeps the parsed ones (it hands out the same document for the same
    text)."""
    return _caches(function, settings.GRAPHQL_DOCUMENT_CACHE_SIZE)


@functools.cache
def _caches(function, maxsize: int):
    return functools.lru_cache(maxsize=maxsize)(function)


def _validate(schema, document, rules: tuple, hide_suggestions: bool) -> tuple[GraphQLError, ...]:
    # The rules are the same classes while the settings they were made from are (_depth_rule).
    return tuple(validate(schema, document, rules, hide_suggestions=hide_suggestions))


class QueryCostLimiter(SchemaExtension):
    """Refuses, before execution starts and with one error, a request that asks for more than
    `GRAPHQL_MAX_PAGE_SIZE` items of any list or connection (or for a negative page size or
    offset), or whose cost exceeds the `GRAPHQL_MAX_COST` setting.

    The cost is how many list items the operation may return: each paginated field costs its
    page size (`limit`, `first` or `last`; the argument's default when omitted, the maximum page
    size when it has none) times the page sizes of the lists it is nested in, summed over the
    operation, fragments included. Arguments are read as the resolvers will get them: variables
    coerced to their declared types and defaults applied (`{"n": 500.0}` is the `Int` 500).
    """

    def __init__(self) -> None:
        # Read per request, so that changed settings apply at once.
        self.max_page_size = max_page_size()
        self.max_cost = settings.GRAPHQL_MAX_COST

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and not context.result:
            errors = self._check(context)
            if errors:
                context.result = ExecutionResult(data=None, errors=errors)
        yield

    def _check(self, context) -> list[GraphQLError]:
        schema = context.schema._schema
        document = context.graphql_document
        operation = get_operation_ast(document, context.operation_name)
        if operation is None:
            return []  # execution reports the missing operation
        variables = get_variable_values(
            schema,
            operation.variable_definitions or (),
            context.variables or {},
            hide_suggestions=not settings.GRAPHQL_SUGGESTIONS,
        )
        if isinstance(variables, list):
            return variables  # the errors execution would report, before it starts
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        root = schema.get_root_type(operation.operation)
        try:
            cost = _Coster(self, schema, fragments, variables).cost(operation.selection_set, root)
        except GraphQLError as error:
            return [error]
        if cost <= self.max_cost:
            return []
        message = f"Query cost {cost} exceeds the maximum cost of {self.max_cost}."
        extensions = {
            "code": ErrorCode.QUERY_COST_EXCEEDED.value,
            "cost": cost,
            "maxCost": self.max_cost,
        }
        return [GraphQLError(message, extensions=extensions)]

    def refuse(self, field: FieldNode, name: str, number: Any) -> GraphQLError | None:
        """The error for a page argument out of bounds, None when it is fine."""
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
        return GraphQLError(
            message, nodes=[field], extensions={"code": ErrorCode.PAGE_SIZE_EXCEEDED.value}
        )


class _Coster:
    """The cost of a selection set per item of its parent. A fragment's cost does not depend on
    where it is spread, so each is costed once and fragments spreading fragments stay linear."""

    def __init__(self, limiter: QueryCostLimiter, schema, fragments: dict, variables) -> None:
        self.limiter = limiter
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.fragment_costs: dict[str, int] = {}

    def cost(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field_cost(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, inner)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment_cost(selection.name.value)
        return total

    def _fragment_cost(self, name: str) -> int:
        if name not in self.fragment_costs:
            # Validation has run: the fragment exists and no fragment spreads itself.
            fragment = self.fragments[name]
            condition = self.schema.get_type(fragment.type_condition.name.value)
            self.fragment_costs[name] = self.cost(fragment.selection_set, condition)
        return self.fragment_costs[name]

    def _field_cost(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        if node.name.value.startswith("__") or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return 0  # introspection reads no rows
        definition = parent.fields[node.name.value]
        arguments = get_argument_values(definition, node, self.variables)
        for name, value in _page_arguments(arguments):
            error = self.limiter.refuse(node, name, value)
            if error is not None:
                raise error
        inner = self.cost(node.selection_set, get_named_type(definition.type))
        size = self._page_size(definition, arguments)
        return inner if size is None else size * (1 + inner)

    def _page_size(self, definition: GraphQLField, arguments: dict[str, Any]) -> int | None:
        """How many items a paginated field returns at most; None for other fields."""
        declared = PAGE_SIZE_ARGUMENTS & definition.args.keys()
        if not declared:
            return None
        given = [arguments[name] for name in declared if isinstance(arguments.get(name), int)]
        return max(given) if given else self.limiter.max_page_size


def _page_arguments(arguments: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """A field's page arguments, also those inside input object arguments."""
    for name, value in arguments.items():
        if name in PAGE_SIZE_ARGUMENTS or name == "offset":
            yield name, value
        elif isinstance(value, dict):
            yield from _page_arguments(value)


class NullCharacterRejector(SchemaExtension):
    """Refuses text containing NUL characters anywhere in the request, before execution:
    PostgreSQL cannot store or compare them, and no field of MuseWave holds one."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if (
            document is not None
            and not context.result
            and (_per_document(_has_nul_literal)(document) or _has_nul(context.variables))
        ):
            error = GraphQLError(
                "Text may not contain null characters (U+0000).",
                extensions={"code": ErrorCode.INVALID.value},
            )
            context.result = ExecutionResult(data=None, errors=[error])
        yield


def _has_nul_literal(document: Node) -> bool:
    literals = (node.value for node in _walk(document) if isinstance(node, StringValueNode))
    return any("\x00" in text for text in literals)


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


@functools.cache
def _depth_rule(max_depth: int) -> type:
    return query_depth_limiter.create_validator(max_depth, None, None)


@functools.cache
def _aliases_rule(max_alias_count: int) -> type:
    return max_aliases.create_validator(max_alias_count)


def _depth_and_aliases() -> AddValidationRules:
    """strawberry's depth and alias limits, as the rules QueryDepthLimiter and
    MaxAliasesLimiter add; one rule class per limit, so that validation results can be kept."""
    return AddValidationRules(
        [_depth_rule(settings.GRAPHQL_MAX_DEPTH), _aliases_rule(settings.GRAPHQL_MAX_ALIASES)]
    )


def limit_extensions() -> list:
    """The limits every request is held to, and the parse and validation of a document done
    once for as long as it is among the `GRAPHQL_DOCUMENT_CACHE_SIZE` most recent ones."""
    return [
        _depth_and_aliases,
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        lambda: ParserCache(maxsize=settings.GRAPHQL_DOCUMENT_CACHE_SIZE),
        RequestRules,
        QueryCostLimiter,
        NullCharacterRejector,
    ]
