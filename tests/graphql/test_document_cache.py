"""A query document is parsed and validated once while it is among the recent ones; the limits
still follow the settings in force and every request's own variables."""

import uuid

import pytest

from schema.core import limits


@pytest.fixture
def validations(monkeypatch) -> list:
    """Each validation of a document, as it happens."""
    seen = []
    validate = limits.validate

    def counted(schema, document, rules, **kwargs):
        seen.append(document)
        return validate(schema, document, rules, **kwargs)

    monkeypatch.setattr(limits, "validate", counted)
    return seen


def unique(query: str) -> str:
    # A comment makes the text new to the caches, whatever earlier tests sent.
    return f"# {uuid.uuid4()}\n{query}"


def test_a_repeated_document_is_validated_once(gql, alice, validations):
    query = unique("query Who($name: String!) { user(username: $name) { username } }")
    for name in ("alice", "nobody", "alice"):
        data = gql.data(query, {"name": name})
        assert data == {"user": {"username": "alice"} if name == "alice" else None}
    assert len(validations) == 1


def test_an_invalid_document_is_refused_every_time(gql, validations):
    query = unique("{ me { usernam } }")
    for _ in range(2):
        body = gql.execute(query)
        assert body["data"] is None
        [error] = body["errors"]
        assert error["message"].startswith("Cannot query field 'usernam' on type 'User'.")
    assert len(validations) == 1


def test_a_changed_limit_applies_to_a_known_document(gql, alice, settings):
    gql.login(alice)
    query = unique("{ me { followers(limit: 2) { follower { username } } } }")
    assert gql.data(query) == {"me": {"followers": []}}
    settings.GRAPHQL_MAX_DEPTH = 2
    body = gql.execute(query)
    assert body.get("data") is None
    assert [e["message"] for e in body["errors"]] == [
        "'anonymous' exceeds maximum operation depth of 2"
    ]


def test_variables_are_checked_on_every_request(gql, alice):
    query = unique("query Page($n: Int!) { users(limit: $n) { username } }")
    assert gql.data(query, {"n": 1}) == {"users": [{"username": "alice"}]}
    body = gql.execute(query, {"n": 1000})
    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == "page_size_exceeded"
    body = gql.execute(query, {"n": "x\x00"})
    assert body.get("data") is None


def test_a_null_character_in_a_known_document_is_refused_every_time(gql):
    query = unique('{ user(username: "a\\u0000b") { username } }')
    for _ in range(2):
        body = gql.execute(query)
        assert body["data"] is None
        assert [e["message"] for e in body["errors"]] == [
            "Text may not contain null characters (U+0000)."
        ]
