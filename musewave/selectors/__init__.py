"""Every read of MuseWave: typed, keyword-only functions returning querysets or values."""
