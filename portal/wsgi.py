"""WSGI entry point (gunicorn portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
application = get_wsgi_application()

# Each web worker loads the Chinese segmentation dictionary at start, not inside a visitor's first search; the URL
# configuration (which imports every view module) too, not inside each worker's first request (about a second).
# Under gunicorn's preload both happen once in the master and are shared by the workers.
from django.urls import get_resolver  # noqa: E402

from portal.search import warm_up  # noqa: E402

warm_up()
get_resolver().url_patterns  # noqa: B018 (loading it is the point)
