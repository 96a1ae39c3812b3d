"""Work on media bytes, knowing nothing of requests or users: probing and decoding audio
(PyAV), reading tags (mutagen), checking and re-encoding images (Pillow), waveforms, loudness,
the streaming rendition, `data:` URLs and storage. Each helper takes bytes or files and returns
values; failures the uploader can fix raise `MediaError`."""
