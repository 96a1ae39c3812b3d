"""GraphQL: tracks."""
