FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-frontend.mjs scripts/
COPY static/scss static/scss
RUN node scripts/build-frontend.mjs

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir . && rm -rf build *.egg-info
COPY . .
COPY --from=frontend /app/static/build static/build
ENV DJANGO_SETTINGS_MODULE=carers_portal.settings.production
RUN SECRET_KEY=build DATABASE_URL=postgres://build/build CELERY_BROKER_URL=redis://build \
    ALLOWED_HOSTS=build python manage.py collectstatic --no-input
RUN useradd --create-home carers
USER carers
EXPOSE 8000
CMD ["gunicorn", "carers_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--no-control-socket"]
