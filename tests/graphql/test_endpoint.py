"""The /graphql endpoint: transports, GraphiQL, batching and error masking."""

import json

import pytest
from django.test import RequestFactory, override_settings

from musewave.models import User
from schema.views import graphql_view

from .conftest import OPERATION_INFO, messages

ME = "{ me { username } }"


@pytest.mark.parametrize("path", ["/graphql", "/graphql/"])
def test_query_by_post_on_both_paths(gql, alice, path):
    gql.login(alice)
    response = gql.http.post(
        path, data=json.dumps({"query": ME}), content_type="application/json", **gql.headers
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"username": "alice"}}}


def test_query_by_get(gql, alice):
    response = gql.http.get("/graphql", {"query": '{ user(username: "alice") { username } }'})
    assert response.status_code == 200
    assert response.json() == {"data": {"user": {"username": "alice"}}}


def test_mutation_by_get_is_refused_and_changes_nothing(gql):
    mutation = (
        'mutation { createUser(input: {username: "carol", email: "c@example.com", '
        'password: "Str0ng-Passw0rd!"}) { ... on User { id } } }'
    )
    response = gql.http.get("/graphql", {"query": mutation})
    assert response.status_code == 400
    assert response.content == b"mutations are not allowed when using GET"
    assert not User.objects.filter(username="carol").exists()


def test_mutation_by_post_needs_no_csrf_token(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    mutation = (
        'mutation { createUser(input: {username: "carol", email: "c@example.com", '
        'password: "Str0ng-Passw0rd!"}) { ... on User { username } } }'
    )
    response = client.post(
        "/graphql", data=json.dumps({"query": mutation}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"createUser": {"username": "carol"}}}


def test_batched_requests_are_refused(gql, django_assert_num_queries):
    batch = [{"query": ME}, {"query": ME}]
    with django_assert_num_queries(0):
        response = gql.http.post(
            "/graphql", data=json.dumps(batch), content_type="application/json"
        )
    assert response.status_code == 400


def _browser_get(view):
    request = RequestFactory().get("/graphql", HTTP_ACCEPT="text/html")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return view(request)


@override_settings(GRAPHIQL=True)
def test_browser_gets_graphiql_when_enabled(db):
    response = _browser_get(graphql_view())
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


@override_settings(GRAPHIQL=False)
def test_browser_gets_no_ide_when_disabled(db):
    response = _browser_get(graphql_view())
    assert response.status_code == 404
    assert b"graphiql" not in response.content.lower()


def _break_user_list(monkeypatch):
    def broken():
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("schema.users.queries.users_active", broken)


@override_settings(DEBUG=False)
def test_internal_errors_are_masked_in_production(gql, monkeypatch):
    _break_user_list(monkeypatch)
    response = gql.post("{ users { username } }")
    body = response.json()
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == ["Internal error."]
    assert "secret" not in json.dumps(body)
    # Only the request id, the one the response header and the log lines carry.
    assert body["errors"][0]["extensions"] == {"requestId": response["X-Request-ID"]}


@override_settings(DEBUG=True)
def test_internal_errors_are_shown_in_development(gql, monkeypatch):
    _break_user_list(monkeypatch)
    response = gql.post("{ users { username } }")
    body = response.json()
    assert [e["message"] for e in body["errors"]] == ["secret internal detail"]
    assert body["errors"][0]["extensions"] == {"requestId": response["X-Request-ID"]}


@override_settings(DEBUG=False)
def test_expected_failures_are_not_masked_in_production(gql, alice):
    body = gql.execute(
        'query($id: ID) { user(id: $id, username: "alice") { username } }', {"id": str(alice.pk)}
    )
    assert body["errors"][0]["message"] == "Give exactly one of `id` and `username`."
    assert body["errors"][0]["extensions"] == {"code": "invalid"}
    gql.login(alice)
    mutation = "mutation($id: ID!) { followUser(userId: $id) { " + OPERATION_INFO + " } }"
    payload = gql.data(mutation, {"id": str(alice.pk)})["followUser"]
    assert messages(payload) == [
        {
            "kind": "VALIDATION",
            "message": "You cannot follow yourself",
            "field": None,
            "code": "invalid",
        }
    ]


def test_syntax_errors_are_reported_not_masked(gql):
    body = gql.execute("{ users { username ")
    assert body["data"] is None
    assert body["errors"][0]["message"].startswith("Syntax Error")


UNSUPPORTED = b"Unsupported content type"


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        (
            "text/plain",
            json.dumps(
                {"query": 'mutation { updateUser(id: "ID", input: {bio: "x"}) { __typename } }'}
            ),
            UNSUPPORTED,
        ),
        ("application/x-www-form-urlencoded", "query=mutation+%7B+__typename+%7D", UNSUPPORTED),
        (
            # Multipart is for file uploads by the GraphQL multipart request spec only
            # (`operations` and `map`, with a token); a plain form field is not an operation.
            "multipart/form-data; boundary=x",
            "--x\r\nContent-Disposition: form-data; name=query\r\n\r\n{ me { id } }\r\n--x--",
            b"No GraphQL query found in the request",
        ),
    ],
)
def test_only_json_bodies_are_accepted(gql, alice, content_type, body, message):
    # A cross-site form can send these without a CORS preflight; none of them is executed.
    gql.login(alice)
    response = gql.http.post(
        "/graphql",
        data=body.replace("ID", str(alice.pk)),
        content_type=content_type,
        **gql.headers,
    )
    assert response.status_code == 400
    assert response.content == message
    alice.refresh_from_db()
    assert alice.bio == ""


DEEP_ARRAY = "[" * 100_000
SIGN_UP = (
    'mutation { createUser(input: {username: "carol", email: "c@example.com", '
    'password: "Str0ng-Passw0rd!"}) { __typename } }'
)


def refused(message: str) -> dict:
    return {"data": None, "errors": [{"message": message, "extensions": {"code": "invalid"}}]}


NESTED_TOO_DEEPLY = refused("Unable to parse the request's JSON: it is nested too deeply.")


def _assert_json_400(response, body: dict) -> None:
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == body


@pytest.mark.parametrize(
    "body",
    [
        DEEP_ARRAY,
        '{"a":' * 100_000,
        json.dumps({"query": SIGN_UP})[:-1] + ', "variables": {"a": ' + DEEP_ARRAY,
    ],
    ids=["array", "object", "variables"],
)
def test_deeply_nested_json_body_is_a_json_400(gql, django_assert_num_queries, body):
    with django_assert_num_queries(0):
        response = gql.http.post("/graphql", data=body, content_type="application/json")
    _assert_json_400(response, NESTED_TOO_DEEPLY)
    assert not User.objects.filter(username="carol").exists()


@pytest.mark.parametrize("parameter", ["variables", "extensions"])
def test_deeply_nested_json_parameter_of_get_is_a_json_400(
    gql, django_assert_num_queries, parameter
):
    with django_assert_num_queries(0):
        response = gql.http.get("/graphql", {"query": ME, parameter: DEEP_ARRAY})
    _assert_json_400(response, NESTED_TOO_DEEPLY)


@pytest.mark.parametrize("body", ["1", '"query"', "null", "true", "NaN", "1e999999"])
def test_a_body_that_is_not_a_json_object_is_a_json_400(gql, django_assert_num_queries, body):
    with django_assert_num_queries(0):
        response = gql.http.post("/graphql", data=body, content_type="application/json")
    _assert_json_400(response, refused("The request body must be a JSON object."))


def test_a_body_that_is_not_utf8_is_a_json_400(gql, django_assert_num_queries):
    body = json.dumps({"query": SIGN_UP}).encode().replace(b"carol", b"car\xffol")
    with django_assert_num_queries(0):
        response = gql.http.post("/graphql", data=body, content_type="application/json")
    _assert_json_400(response, refused("The request body must be UTF-8 encoded JSON."))
    assert not User.objects.exists()


def test_null_variables_of_a_get_are_still_no_variables(gql, alice):
    response = gql.http.get(
        "/graphql", {"query": '{ user(username: "alice") { username } }', "variables": "null"}
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"user": {"username": "alice"}}}


@pytest.mark.parametrize(
    ("innermost", "expected"),
    [
        ('"ok"', {"data": {"__typename": "Query"}}),
        (
            '"a\\u0000"',
            {
                "data": None,
                "errors": [
                    {
                        "message": "Text may not contain null characters (U+0000).",
                        "extensions": {"code": "invalid"},
                    }
                ],
            },
        ),
    ],
    ids=["clean", "null-character"],
)
def test_json_nested_within_the_limit_is_parsed_and_checked(gql, innermost, expected):
    # Deep enough to overflow a recursive walk of the variables, shallow enough to decode.
    variables = "[" * 800 + innermost + "]" * 800
    response = gql.http.post(
        "/graphql",
        data='{"query": "{ __typename }", "variables": {"unused": ' + variables + "}}",
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == expected


def test_deeply_nested_query_text_is_a_syntax_error(gql, django_assert_num_queries):
    query = "{ me " + "{ a " * 1400 + "}" * 1401
    with django_assert_num_queries(0):
        response = gql.http.get("/graphql", {"query": query})
    assert response.status_code == 200
    assert response.json()["errors"][0]["message"] == (
        "Syntax Error: Document is nested too deeply. Parsing aborted."
    )
