"""A database that cannot answer for now is said so, in both APIs, as something to retry: 503
with the legacy `{"message": …}` body over REST, the code `unavailable` in GraphQL."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, OperationalError, ProgrammingError
from django.http import HttpResponse
from django.test import Client, override_settings

from musewave.errors import UNAVAILABLE_MESSAGE, database_unavailable
from tests.conftest import close_database_connections

GIVEN = "0f8fad5bd9cb469fa16570867728950e"


def in_a_new_thread(method: str, path: str, **kwargs) -> HttpResponse:
    """A request from a thread of its own, whose connection is made from the settings as they
    are now (the SQLite test database, in memory, keeps this thread's connection open)."""

    def send() -> HttpResponse:
        try:
            client = Client(raise_request_exception=False, HTTP_X_REQUEST_ID=GIVEN)
            return getattr(client, method)(path, **kwargs)
        finally:
            close_database_connections()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(send).result()


@pytest.mark.django_db(transaction=True)
@override_settings(DEBUG=False)
@pytest.mark.parametrize("path", ["/musewave/tracks/", "/api/tracks", "/musewave/users/"])
def test_rest_answers_503_while_the_database_cannot_answer(unreachable_database, path):
    response = in_a_new_thread("get", path)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": UNAVAILABLE_MESSAGE, "request_id": GIVEN}


@pytest.mark.django_db(transaction=True)
@override_settings(DEBUG=False)
def test_graphql_names_the_unavailable_database(unreachable_database):
    query = {"query": "{ tracks(limit: 1) { id } }"}
    response = in_a_new_thread("post", "/graphql", data=query, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": UNAVAILABLE_MESSAGE,
                "locations": [{"line": 1, "column": 3}],
                "path": ["tracks"],
                "extensions": {"code": "unavailable", "requestId": GIVEN},
            }
        ],
    }


@override_settings(DEBUG=False)
def test_other_internal_errors_stay_500(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("not the database")

    monkeypatch.setattr("musewave.selectors.users.users_active", broken)
    response = Client(raise_request_exception=False).get("/musewave/users/")
    assert response.status_code == 500
    assert response.json()["message"] == "Internal server error."


def test_only_the_database_failing_to_answer_means_unavailable():
    # Statement timeouts (QueryCanceled), deadlocks and pool timeouts are OperationalErrors.
    assert database_unavailable(OperationalError("could not connect"))
    for fault in (IntegrityError("duplicate"), ProgrammingError("syntax"), RuntimeError("bug")):
        assert not database_unavailable(fault)
    assert not database_unavailable(None)
