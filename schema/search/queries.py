"""Searching tracks and users."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from musewave.search import SearchResults, search, search_playlists
from schema.core.errors import raises_client_errors
from schema.core.pagination import default_page_size, max_page_size
from schema.core.viewer import get_viewer
from schema.search.types import SearchResultsType, SearchType


@strawberry.type
class SearchQueries:
    @strawberry.field(
        description="Published tracks (and the viewer's drafts) and users matching `query`, "
        "and public playlists whose title contains it."
    )
    @raises_client_errors
    def search(
        self,
        info: Info,
        query: Annotated[str, strawberry.argument(description="Words to look for.")],
        type: Annotated[
            SearchType, strawberry.argument(description="What to search.")
        ] = SearchType.ALL,
        limit: Annotated[
            int,
            strawberry.argument(description=f"Most results per kind, at most {max_page_size()}."),
        ] = default_page_size(),
    ) -> SearchResultsType:
        playlists = []
        if type in (SearchType.ALL, SearchType.PLAYLISTS):
            playlists = search_playlists(query=query, limit=limit)
        if type is SearchType.PLAYLISTS:
            results = SearchResults()
        else:
            results = search(query=query, type=type.value, limit=limit, viewer=get_viewer(info))
        return SearchResultsType.from_results(results.tracks, results.users, playlists)
