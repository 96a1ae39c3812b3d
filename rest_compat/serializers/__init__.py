"""The legacy JSON shapes, one module per domain as the views: what clients send (types and
required fields only; the rules are the services') and what they get back (snake_case, nulls for
unset fields, UTC timestamps)."""
