"""The Express dialect of the REST API (`/api/…`): the original server's paths, camelCase JSON,
list rules and error shapes, translated to the same MuseWave services and selectors."""
