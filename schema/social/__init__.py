"""GraphQL: social."""
