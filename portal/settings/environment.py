"""Where the project lives and how every settings module reads the environment (django-environ)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer's .env is read only when asked for: otherwise it would silently point the test settings (and an image
# built from a checkout holding one) at its hosts. Docker Compose passes .env to the containers itself (env_file).
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
