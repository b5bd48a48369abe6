"""WSGI entry point (gunicorn portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
application = get_wsgi_application()

# Each web worker loads the Chinese segmentation dictionary at start, not inside a visitor's first search.
from portal.search import warm_up  # noqa: E402

warm_up()
