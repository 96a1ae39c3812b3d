#!/usr/bin/env python
"""Django's command-line utility for MuseWave."""

import os
import sys


def main() -> None:
    # `manage.py test` runs the suite, with its own settings (as pytest does, see pyproject.toml).
    testing = sys.argv[1:2] == ["test"]
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE", "config.settings_test" if testing else "config.settings"
    )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
