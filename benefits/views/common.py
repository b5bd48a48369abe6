"""Small helpers shared by the benefits views."""

from portal.form_errors import add_service_errors  # noqa: F401 -- the pages import it from here
