"""`schema.graphql` is the live schema, and the schema documents itself."""

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
)
from strawberry.printer import print_schema

from schema.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"
REGENERATE = "python manage.py export_schema schema.schema:schema --path schema.graphql"


def test_schema_file_matches_the_live_schema():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == print_schema(schema), (
        f"schema.graphql is out of date; regenerate it with `{REGENERATE}` (or `make schema`)."
    )


def _own_types():
    for name, graphql_type in schema._schema.type_map.items():
        if not name.startswith("__"):  # introspection's own types
            yield name, graphql_type


def _undocumented(graphql_schema: GraphQLSchema) -> list[str]:
    """Every type, field, argument, input field and enum value without a description (what
    GraphiQL's docs pane would show blank), introspection's own types left out."""
    undocumented = []
    for name, graphql_type in graphql_schema.type_map.items():
        if name.startswith("__"):
            continue
        if not graphql_type.description:
            undocumented.append(name)
        if isinstance(graphql_type, GraphQLEnumType):
            undocumented += [
                f"{name}.{value_name}"
                for value_name, value in graphql_type.values.items()
                if not value.description
            ]
        if isinstance(
            graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType
        ):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    undocumented.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        undocumented.append(f"{name}.{field_name}({arg_name})")
    return undocumented


def test_the_walk_finds_every_kind_of_gap():
    sdl = """
    "A query." type Query { "A field." hits(n: Int): [Hit] "A field." kind: Kind }
    union Hit = Query
    enum Kind { "A value." ONE TWO }
    "An input." input Filter { "A field." a: Int b: Int }
    type Unused { "A field." f(x: Filter): Int }
    """
    assert sorted(_undocumented(build_schema(sdl))) == [
        "Filter.b",
        "Hit",
        "Kind",
        "Kind.TWO",
        "Query.hits(n)",
        "Unused",
        "Unused.f(x)",
    ]


def test_every_type_field_argument_and_enum_value_has_a_description():
    assert _undocumented(schema._schema) == []


def test_no_password_field_anywhere():
    for name, graphql_type in _own_types():
        if isinstance(graphql_type, GraphQLObjectType):
            assert not any("password" in f.lower() for f in graphql_type.fields), name
