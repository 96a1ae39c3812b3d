"""Request limits: each refuses an over-limit query with one error, before reading any row."""

import pytest

from musewave import services
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
        inner = f"followers(limit: 2) {{ follower {{ {inner} }} }}"
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


# The reproduced attack: 30 aliases, each nesting lists of 100 six levels deep, within the
# depth, alias and token limits.
ATTACK_BRANCH = (
    "users(limit: 100) { followers(limit: 100) { follower { following(limit: 100) {"
    " following { likedTracks(limit: 100) { owner { followers(limit: 100) { follower {"
    " username } } } } } } } } }"
)
ATTACK_COST = 30 * (100 + 100**2 + 100**3 + 100**4 + 100**5)


def test_the_nested_alias_attack_is_refused_by_its_cost(gql, django_assert_num_queries):
    query = "{ " + " ".join(f"a{i}: {ATTACK_BRANCH}" for i in range(30)) + " }"
    with django_assert_num_queries(0):
        body = gql.execute(query)
    assert ATTACK_COST == 303_030_303_000
    assert body == {
        "data": None,
        "errors": [
            {
                "message": f"Query cost {ATTACK_COST} exceeds the maximum cost of 10000.",
                "extensions": {
                    "code": "query_cost_exceeded",
                    "cost": ATTACK_COST,
                    "maxCost": 10000,
                },
            }
        ],
    }


@pytest.mark.parametrize(
    ("query", "variables", "cost"),
    [
        # Default page sizes: 20 users, each with 20 follows.
        ("{ users { followers { follower { id } } } }", None, 20 + 20 * 20),
        # A connection without `first` may return its maximum page.
        ("{ usersConnection { edges { node { tracks(limit: 100) { id } } } } }", None, 10100),
        # Fragments and inline fragments count where they are spread.
        (
            "query { ...U ...U } fragment U on Query { artists(limit: 50) {"
            " ... on User { albums(limit: 100) { id } } } }",
            None,
            2 * (50 + 50 * 100),
        ),
        # Variables count with their coerced values, defaults included.
        (
            "query($n: Int = 60, $m: Int!) { tracks(limit: $n) { owner { tracks(limit: $m)"
            " { id } } } }",
            {"m": 200.0 / 2},
            60 + 60 * 100,
        ),
    ],
)
def test_cost_over_the_ceiling_is_refused(
    gql, django_assert_num_queries, settings, query, variables, cost
):
    settings.GRAPHQL_MAX_COST = cost - 1
    message = _refused(gql, django_assert_num_queries, query, variables)
    assert message == f"Query cost {cost} exceeds the maximum cost of {cost - 1}."


def test_cost_at_the_ceiling_is_allowed(gql, settings, alice, bob):
    services.follow_create(actor=bob, following=alice)
    settings.GRAPHQL_MAX_COST = 420
    data = gql.data("{ users { username followers { follower { username } } } }")
    assert {u["username"]: u["followers"] for u in data["users"]} == {
        "alice": [{"follower": {"username": "bob"}}],
        "bob": [],
    }


def test_the_default_ceiling_allows_a_page_of_100_with_nested_pages(gql, alice):
    # 100 + 100 * 99 = 10,000: the most a single nesting of full pages may cost.
    data = gql.data("{ users(limit: 100) { tracks(limit: 99) { id } } }")
    assert data == {"users": [{"tracks": []}]}


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        (
            "query($n: Int) { tracksConnection(first: $n) { totalCount } }",
            {"n": 500.0},
            "`first` of `tracksConnection` must be between 0 and 100; got 500.",
        ),
        (
            "query($n: Int!) { users(limit: $n) { id } }",
            {"n": 1000.0},
            "`limit` of `users` must be between 0 and 100; got 1000.",
        ),
        (
            "query($n: Int!) { users(offset: $n) { id } }",
            {"n": -5.0},
            "`offset` of `users` must not be negative; got -5.",
        ),
        (
            "query($n: Int!) { users { tracks(limit: $n) { id } } }",
            {"n": 101.0},
            "`limit` of `tracks` must be between 0 and 100; got 101.",
        ),
    ],
)
def test_float_variables_are_checked_as_the_integers_they_become(
    gql, django_assert_num_queries, query, variables, expected
):
    assert _refused(gql, django_assert_num_queries, query, variables) == expected


def test_a_float_variable_within_bounds_pages_as_its_integer(gql, make_user):
    users = [make_user() for _ in range(3)]
    data = gql.data("query($n: Int!) { users(limit: $n) { username } }", {"n": 2.0})
    assert [u["username"] for u in data["users"]] == [u.username for u in reversed(users)][:2]


def test_variables_that_are_not_integers_are_refused_before_anything_runs(
    gql, django_assert_num_queries
):
    message = _refused(
        gql, django_assert_num_queries, "query($n: Int!) { users(limit: $n) { id } }", {"n": 2.5}
    )
    assert message == "Variable '$n' has invalid value: Int cannot represent non-integer value: 2.5"


def test_the_depth_alias_and_token_limits_are_settings(gql, settings, django_assert_num_queries):
    settings.GRAPHQL_MAX_DEPTH = 4
    settings.GRAPHQL_MAX_ALIASES = 2
    assert _refused(gql, django_assert_num_queries, _deep_query(5)) == (
        "'anonymous' exceeds maximum operation depth of 4"
    )
    aliases = " ".join(f"a{i}: me {{ username }}" for i in range(3))
    assert _refused(gql, django_assert_num_queries, f"{{ {aliases} }}") == (
        "3 aliases found. Allowed: 2"
    )
    settings.GRAPHQL_MAX_TOKENS = 20
    fields = " ".join(["username"] * 20)
    message = _refused(gql, django_assert_num_queries, f"{{ me {{ {fields} }} }}")
    assert message == "Syntax Error: Document contains more than 20 tokens. Parsing aborted."
