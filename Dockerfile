# The platform's image: one image for the app processes (gunicorn), the queue workers (celery)
# and one-off commands (migrate, backup, send_reminders). See docs/deploy.md.
FROM python:3.11-slim-bookworm

# WeasyPrint (PDF scorecards) needs Pango; CairoSVG needs Cairo; the reports use DejaVu Sans;
# compilemessages needs gettext.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gettext libpango-1.0-0 libpangoft2-1.0-0 libcairo2 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var
WORKDIR /app
COPY . /app
# Installed in place (-e): the shipped frameworks and translations are read from /app.
RUN pip install --no-cache-dir -e . \
    && python manage.py compilemessages --ignore=.venv -v 0 \
    && DTI_ENV=production SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
       python manage.py collectstatic --noinput -v 0 \
    && useradd --system --home /app dti && mkdir -p /app/var && chown dti /app/var

USER dti
EXPOSE 8000
CMD ["gunicorn", "--config", "config/gunicorn.conf.py", "config.wsgi"]
