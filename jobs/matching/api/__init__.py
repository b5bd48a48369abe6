"""REST API of matching: views, serializers and urls (included under /api/v1/ by portal/api/urls.py)."""
