"""Pages of the entrepreneurship app, one module per concept."""

from entrepreneurship.views.common import index

__all__ = ["index"]
