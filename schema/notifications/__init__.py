"""GraphQL: notifications."""
