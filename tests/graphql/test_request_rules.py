"""What a request may ask besides data: introspection, suggestions in errors, and which
operation of a document runs."""

import pytest

INTROSPECTION = "{ __schema { queryType { name } } }"


def _only_error(body: dict) -> dict:
    assert body.get("data") is None
    assert len(body["errors"]) == 1, body["errors"]
    return body["errors"][0]


def test_introspection_is_refused_when_switched_off(gql, settings, django_assert_num_queries):
    settings.GRAPHQL_INTROSPECTION = False
    with django_assert_num_queries(0):
        body = gql.execute(INTROSPECTION)
    assert body["data"] is None
    assert body["errors"][0]["message"] == (
        "GraphQL introspection has been disabled, but the requested query contained the field"
        " '__schema'."
    )
    body = gql.execute('{ __type(name: "User") { name } }')
    assert body["data"] is None
    assert "'__type'" in body["errors"][0]["message"]


def test_typename_stays_available_without_introspection(gql, settings, alice):
    settings.GRAPHQL_INTROSPECTION = False
    data = gql.data('{ user(username: "alice") { __typename username } }')
    assert data == {"user": {"__typename": "User", "username": "alice"}}


def test_introspection_answers_when_switched_on(gql, settings):
    settings.GRAPHQL_INTROSPECTION = True
    assert gql.data(INTROSPECTION) == {"__schema": {"queryType": {"name": "Query"}}}


@pytest.mark.parametrize(
    ("query", "variables", "without", "with_suggestions"),
    [
        (
            "{ users { usernam } }",
            None,
            "Cannot query field 'usernam' on type 'User'.",
            "Cannot query field 'usernam' on type 'User'. Did you mean 'username'?",
        ),
        (
            "{ users(limt: 2) { id } }",
            None,
            "Unknown argument 'limt' on field 'Query.users'.",
            "Unknown argument 'limt' on field 'Query.users'. Did you mean 'limit'?",
        ),
        (
            '{ search(query: "a", type: TRACK) { users { id } } }',
            None,
            "Value 'TRACK' does not exist in 'SearchType' enum.",
            "Value 'TRACK' does not exist in 'SearchType' enum. Did you mean the enum value"
            " 'TRACKS'?",
        ),
        (
            'query($t: SearchType!) { search(query: "a", type: $t) { users { id } } }',
            {"t": "TRACK"},
            "Variable '$t' has invalid value: Value 'TRACK' does not exist in 'SearchType' enum.",
            "Variable '$t' has invalid value: Value 'TRACK' does not exist in 'SearchType' enum."
            " Did you mean the enum value 'TRACKS'?",
        ),
    ],
)
def test_suggestions_follow_the_setting(
    gql, settings, django_assert_num_queries, query, variables, without, with_suggestions
):
    settings.GRAPHQL_SUGGESTIONS = False
    with django_assert_num_queries(0):
        assert _only_error(gql.execute(query, variables))["message"] == without
    settings.GRAPHQL_SUGGESTIONS = True
    assert _only_error(gql.execute(query, variables))["message"] == with_suggestions


TWO_OPERATIONS = (
    'query First { user(username: "alice") { username } } '
    'query Second { user(username: "bob") { username } }'
)


def test_two_operations_without_an_operation_name_are_refused(
    gql, alice, bob, django_assert_num_queries
):
    with django_assert_num_queries(0):
        error = _only_error(gql.execute(TWO_OPERATIONS))
    assert error["message"] == "Must provide operation name if query contains multiple operations."


def test_two_operations_refused_without_a_name_change_nothing(gql):
    document = (
        'mutation Make { createUser(input: {username: "carol", email: "c@example.com",'
        ' password: "Str0ng-Passw0rd!"}) { ... on User { id } } } query Other { me { id } }'
    )
    error = _only_error(gql.execute(document))
    assert error["message"] == "Must provide operation name if query contains multiple operations."
    from musewave.models import User

    assert not User.objects.filter(username="carol").exists()


@pytest.mark.parametrize(("name", "username"), [("First", "alice"), ("Second", "bob")])
def test_the_named_operation_runs(gql, alice, bob, name, username):
    response = gql.http.post(
        "/graphql",
        data={"query": TWO_OPERATIONS, "operationName": name},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"user": {"username": username}}}
