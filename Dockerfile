# Production image: gunicorn serving the portal; the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json ./
RUN npm install --no-audit --no-fund --loglevel=error \
 && mkdir -p vendor/bootstrap vendor/bootstrap-icons vendor/chart.js vendor/jsqr \
 && cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js vendor/bootstrap/ \
 && cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts vendor/bootstrap-icons/ \
 && cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map vendor/chart.js/ \
 && cp node_modules/jsqr/dist/jsQR.js vendor/jsqr/

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=portal.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends gettext fonts-noto-cjk fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /src/vendor static/vendor
RUN DJANGO_SECRET_KEY=build PII_ENCRYPTION_KEY=build DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.db \
    python manage.py collectstatic --noinput -v 0
RUN useradd --create-home portal && mkdir -p /app/media && chown portal /app/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "-b", "0.0.0.0:8000", "-w", "4", "-c", "portal/deploy/gunicorn.conf.py", "--access-logfile", "-"]
