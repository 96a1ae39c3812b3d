"""Request limits: each refuses an over-limit query with one error, before reading any row."""

import pytest

from musewave.models import User


def _refused(gql, django_assert_num_queries, query: str, variables: dict | None = None) -> str:
    with django_assert_num_queries(0):
        body = gql.execute(query, variables)
    assert body.get("data") is None
    assert len(body["errors"]) == 1, body["errors"]
    return body["errors"][0]["message"]


def _deep_query(depth: int) -> str:
    inner = "username"
    for _ in range((depth - 1) // 2):
        inner = f"followers {{ follower {{ {inner} }} }}"
    return f"{{ me {{ {inner} }} }}"


def test_depth_of_ten_is_allowed(gql, alice):
    gql.login(alice)
    assert gql.data(_deep_query(9))["me"] == {"followers": []}


def test_depth_over_ten_is_refused(gql, django_assert_num_queries):
    message = _refused(gql, django_assert_num_queries, _deep_query(13))
    assert message == "'anonymous' exceeds maximum operation depth of 10"


def test_thirty_aliases_are_allowed(gql, alice):
    aliases = " ".join(f'a{i}: user(username: "alice") {{ username }}' for i in range(30))
    data = gql.data(f"{{ {aliases} }}")
    assert len(data) == 30


def test_more_than_thirty_aliases_are_refused(gql, django_assert_num_queries):
    aliases = " ".join(f"a{i}: me {{ username }}" for i in range(31))
    message = _refused(gql, django_assert_num_queries, f"{{ {aliases} }}")
    assert message == "31 aliases found. Allowed: 30"


def test_more_than_3000_tokens_are_refused(gql, django_assert_num_queries):
    fields = " ".join(["username"] * 3000)
    message = _refused(gql, django_assert_num_queries, f"{{ me {{ {fields} }} }}")
    assert message == "Syntax Error: Document contains more than 3000 tokens. Parsing aborted."


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        ("{ tracks(limit: 101) { id } }", None, "`limit` of `tracks` must be between 0 and 100"),
        (
            "query($n: Int!) { users(limit: $n) { id } }",
            {"n": 1000},
            "`limit` of `users` must be between 0 and 100",
        ),
        (
            "query($n: Int = 500) { users(limit: $n) { id } }",
            None,
            "`limit` of `users` must be between 0 and 100",
        ),
        (
            "{ users { tracks(limit: 200) { id } } }",
            None,
            "`limit` of `tracks` must be between 0 and 100",
        ),
        (
            "{ tracksConnection(first: 101) { totalCount } }",
            None,
            "`first` of `tracksConnection` must be between 0 and 100",
        ),
        (
            "{ usersConnection(last: 1000) { totalCount } }",
            None,
            "`last` of `usersConnection` must be between 0 and 100",
        ),
        ("{ users(offset: -1) { id } }", None, "`offset` of `users` must not be negative"),
        ("{ users(limit: -5) { id } }", None, "`limit` of `users` must be between 0 and 100"),
        (
            '{ search(query: "a", limit: 101) { users { id } } }',
            None,
            "`limit` of `search` must be between 0 and 100",
        ),
        (
            "query { ...Page } fragment Page on Query { artists(limit: 101) { id } }",
            None,
            "`limit` of `artists` must be between 0 and 100",
        ),
    ],
)
def test_page_size_over_100_is_refused(gql, django_assert_num_queries, query, variables, expected):
    message = _refused(gql, django_assert_num_queries, query, variables)
    assert message.startswith(expected), message


def test_page_of_100_is_allowed(gql, make_user):
    for _ in range(3):
        make_user()
    data = gql.data("{ users(limit: 100) { username } }")
    assert len(data["users"]) == User.objects.count() == 3


def test_limit_and_offset_page_through_a_list(gql, make_user):
    users = [make_user() for _ in range(5)]
    newest_first = [u.username for u in reversed(users)]
    page = gql.data("{ users(limit: 2, offset: 1) { username } }")["users"]
    assert [u["username"] for u in page] == newest_first[1:3]
    default = gql.data("{ users { username } }")["users"]
    assert [u["username"] for u in default] == newest_first


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($g: String) { tracks(filter: {genre: $g}) { id } }", {"g": "a\u0000b"}),
        ("query($t: [String!]) { tracks(filter: {tags: $t}) { id } }", {"t": ["ok", "a\u0000"]}),
        ('{ user(username: "a\\u0000b") { id } }', None),
        ("query($q: String!) { search(query: $q) { users { id } } }", {"q": "\u0000"}),
    ],
)
def test_null_characters_are_refused(gql, django_assert_num_queries, query, variables):
    message = _refused(gql, django_assert_num_queries, query, variables)
    assert message == "Text may not contain null characters (U+0000)."
