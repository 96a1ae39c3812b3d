"""GraphQL: search."""
