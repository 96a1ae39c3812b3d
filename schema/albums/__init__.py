"""GraphQL: albums."""
