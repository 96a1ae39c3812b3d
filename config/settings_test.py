"""Settings of the test suite: the application's settings with what makes tests quick and
their figures immediate. pytest uses them (pyproject.toml), and so does `manage.py test`."""

from config.settings import *  # noqa: F403

# Argon2 at production cost would dominate the suite's run time; the same algorithm and hash
# format at the lowest cost.
PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]
# Tests read figures right after the writes that change them; caching is tested on its own.
MUSEWAVE_STATS_CACHE_SECONDS = 0
# Background jobs run in-process unless a test starts a real worker (tests/media/test_worker).
CELERY_TASK_ALWAYS_EAGER = True
