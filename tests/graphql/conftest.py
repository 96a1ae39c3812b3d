"""Fixtures for the GraphQL API: a client that posts operations to /graphql."""

import json

import pytest
from django.test import Client
from rest_framework_simplejwt.tokens import RefreshToken


class GraphQLClient:
    """Posts operations to /graphql as a browser app would; `login` makes a user the viewer."""

    def __init__(self) -> None:
        self.http = Client()
        self.headers: dict[str, str] = {}

    def login(self, user) -> None:
        """Send an access token of `user` with every following request."""
        access = RefreshToken.for_user(user).access_token
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {access}"}

    def logout(self) -> None:
        self.headers = {}

    def post(self, query: str, variables: dict | None = None, **extra):
        body = {"query": query, "variables": variables or {}}
        return self.http.post(
            "/graphql",
            data=json.dumps(body),
            content_type="application/json",
            **{**self.headers, **extra},
        )

    def execute(self, query: str, variables: dict | None = None) -> dict:
        """The response body of a request that must succeed as HTTP."""
        response = self.post(query, variables)
        assert response.status_code == 200, response.content
        return response.json()

    def data(self, query: str, variables: dict | None = None) -> dict:
        """The `data` of an operation that must run without errors."""
        body = self.execute(query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture
def gql(db) -> GraphQLClient:
    return GraphQLClient()


# Selection of a mutation's failure branch, shared by the mutation tests.
OPERATION_INFO = "... on OperationInfo { messages { kind message field code } }"


def assert_invalid_id(body: dict, *, field: str, value: str, data: dict) -> None:
    """A malformed id: the field is null, with an `invalid` error naming the argument."""
    message = f"“{value}” is not a valid UUID."
    assert body["data"] == data
    assert [e["message"] for e in body["errors"]] == [message]
    assert body["errors"][0]["extensions"] == {"code": "invalid", "fields": {field: [message]}}


def messages(payload: dict) -> list[dict]:
    """The messages of an `OperationInfo` payload (fails if the mutation succeeded)."""
    assert "messages" in payload, payload
    return payload["messages"]
