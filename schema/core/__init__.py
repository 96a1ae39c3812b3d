"""What every domain of the GraphQL schema shares: the viewer, errors, pagination and limits."""
