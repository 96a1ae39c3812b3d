"""GraphQL: the home feed."""
