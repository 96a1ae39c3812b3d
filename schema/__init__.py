"""The GraphQL API of MuseWave: one package per domain, merged in `schema.schema`."""
