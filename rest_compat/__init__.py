"""The legacy REST API (`/musewave/…`): translates requests to MuseWave services and back."""
