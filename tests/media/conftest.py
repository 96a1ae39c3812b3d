"""Fixtures of the media tests."""

import pytest

from tests.graphql.conftest import GraphQLClient


@pytest.fixture
def gql(db) -> GraphQLClient:
    return GraphQLClient()
