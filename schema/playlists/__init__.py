"""GraphQL: playlists."""
