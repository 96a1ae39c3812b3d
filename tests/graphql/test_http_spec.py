"""GraphQL over HTTP: `application/graphql-response+json` when the client asks for it."""

import json

import pytest

MEDIA = "application/graphql-response+json"

pytestmark = pytest.mark.django_db


def post(client, body, accept: str | None = MEDIA, **extra):
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    return client.post(
        "/graphql", data=json.dumps(body), content_type="application/json", **headers, **extra
    )


def test_a_valid_query_answers_in_the_media_type_asked_for(client, track):
    response = post(client, {"query": "{ tracks { title } }"})
    assert response.status_code == 200
    assert response["Content-Type"] == f"{MEDIA}; charset=utf-8"
    assert response.json() == {"data": {"tracks": [{"title": "Summer Vibes"}]}}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"query": "{ tracks { title "}, "Syntax Error"),
        ({"query": "{ tracks { noSuchField } }"}, "Cannot query field"),
        (
            {"query": "query($n: Int!) { tracks(limit: $n) { id } }", "variables": {"n": "x"}},
            "Variable '$n'",
        ),
        ({"query": "query($n: Int!) { tracks(limit: $n) { id } }"}, "to be provided"),
    ],
    ids=["parse", "validation", "variable-type", "variable-missing"],
)
def test_request_errors_are_400_without_data(client, body, message):
    response = post(client, body)
    assert response.status_code == 400
    assert response["Content-Type"] == f"{MEDIA}; charset=utf-8"
    answer = response.json()
    assert "data" not in answer
    assert message in answer["errors"][0]["message"]


@pytest.mark.parametrize("accept", [None, "application/json", "*/*", f"application/json, {MEDIA}"])
def test_application_json_keeps_the_classic_answer(client, accept):
    response = post(client, {"query": "{ tracks { noSuchField } }"}, accept=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["data"] is None


def test_the_media_type_wins_when_listed_first_or_preferred(client):
    for accept in (f"{MEDIA}, application/json", f"application/json;q=0.9, {MEDIA}"):
        response = post(client, {"query": "{ nope }"}, accept=accept)
        assert response.status_code == 400, accept
        assert "data" not in response.json()


def test_execution_errors_keep_data_and_200(client):
    response = post(client, {"query": '{ user(id: "a", username: "b") { id } }'})
    assert response.status_code == 200
    answer = response.json()
    assert answer["data"] == {"user": None}
    assert answer["errors"][0]["path"] == ["user"]


def test_a_bad_token_is_401_without_data(client):
    response = post(client, {"query": "{ me { id } }"}, HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401
    assert response["Content-Type"] == f"{MEDIA}; charset=utf-8"
    assert "data" not in response.json()
    response = post(
        client, {"query": "{ me { id } }"}, accept=None, HTTP_AUTHORIZATION="Bearer nope"
    )
    assert response.status_code == 401
    assert response.json()["data"] is None
