"""GraphQL: live updates (subscriptions over WebSocket)."""
