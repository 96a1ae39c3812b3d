"""GraphQL: analytics."""
