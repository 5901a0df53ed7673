FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-frontend.mjs scripts/build-static scripts/
COPY static/scss static/scss
RUN scripts/build-static frontend

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
# The same script CI runs (scripts/build-static), so the image and CI build alike.
RUN scripts/build-static collect
RUN useradd --create-home carers
USER carers
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import os, urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': os.environ['ALLOWED_HOSTS'].split(',')[0]}), timeout=4)"
CMD ["gunicorn", "carers_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--no-control-socket"]
