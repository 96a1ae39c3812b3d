"""`schema.graphql` is the live schema, and the schema documents itself."""

from pathlib import Path

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, GraphQLUnionType
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
        if name.startswith("__"):
            continue
        if isinstance(
            graphql_type,
            GraphQLObjectType | GraphQLInputObjectType | GraphQLEnumType | GraphQLUnionType,
        ):
            yield name, graphql_type


def test_every_type_and_field_has_a_description():
    undocumented = []
    for name, graphql_type in _own_types():
        if isinstance(graphql_type, GraphQLUnionType):
            continue  # payload unions are named after their mutation, which is documented
        if not graphql_type.description:
            undocumented.append(name)
        if isinstance(graphql_type, GraphQLEnumType):
            undocumented += [
                f"{name}.{value_name}"
                for value_name, value in graphql_type.values.items()
                if not value.description and name != "OperationMessageKind"
            ]
            continue
        for field_name, field in graphql_type.fields.items():
            if not field.description:
                undocumented.append(f"{name}.{field_name}")
            for arg_name, arg in getattr(field, "args", {}).items():
                if not arg.description:
                    undocumented.append(f"{name}.{field_name}({arg_name})")
    assert undocumented == [], undocumented


def test_no_password_field_anywhere():
    for name, graphql_type in _own_types():
        if isinstance(graphql_type, GraphQLObjectType):
            assert not any("password" in f.lower() for f in graphql_type.fields), name
