"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from config.stack import FreshStackWSGI

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = FreshStackWSGI(get_wsgi_application())
