#!/usr/bin/env bash
# `make prod-check`: the production setup, started for real on this machine and used over HTTP.
#
# 1. `manage.py check --deploy --fail-level WARNING` with production settings (HTTPS, S3, queue).
# 2. A fresh PostgreSQL database, an S3-compatible server (moto) with a bucket, a Celery worker on
#    Redis and gunicorn with 2 workers on 127.0.0.1, all with DTI_ENV=production — but plain HTTP
#    on the loopback (SECURE_SSL_REDIRECT=false, SECURE_COOKIES=false): there is no TLS proxy.
# 3. scripts/prod_check_http.py signs in, saves, uploads, makes a report on the queue, checks
#    /health/ and the static files (see there).
# Then everything is stopped and removed again; the exit status says whether all of it worked.
#
# Needs: PostgreSQL (PRODCHECK_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432) and
# Redis (PRODCHECK_REDIS_URL, default redis://127.0.0.1:6379/14) running; `make install` done.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
POSTGRES_URL=${PRODCHECK_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
REDIS_URL=${PRODCHECK_REDIS_URL:-redis://127.0.0.1:6379/14}
DATABASE=prodcheck_dti_$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/prodcheck.XXXXXX")
PIDS=()

say() { echo "prod-check: $*"; }

free_port() {
    "$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() {  # port, what, log file
    for _ in $(seq 1 150); do
        if "$BIN/python" -c "import socket, sys; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    say "$2 did not start on port $1; its log:"
    tail -n 40 "$3" >&2
    return 1
}

database() {  # SQL run on the server's maintenance database
    "$BIN/python" - "$POSTGRES_URL/postgres" "$1" <<'EOF'
import sys
import psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as connection:
    connection.execute(sys.argv[2])
EOF
}

cleanup() {
    status=$?
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    database "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" || true
    if [ "$status" -ne 0 ]; then
        for log in "$WORK"/*.log; do
            [ -f "$log" ] || continue
            echo "---- last lines of $(basename "$log") ----" >&2
            tail -n 30 "$log" >&2
        done
        say "FAILED (exit status $status)" >&2
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT

S3_PORT=$(free_port)
WEB_PORT=$(free_port)
SECRET=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(64))')

# The production environment, as a deployment sets it (docs/deploy.md).
export DJANGO_SETTINGS_MODULE=config.settings
export DTI_ENV=production
export SECRET_KEY="$SECRET"
export DATABASE_URL="$POSTGRES_URL/$DATABASE"
export STORAGE=s3
export S3_BUCKET=dti-prodcheck
export S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
export S3_ACCESS_KEY_ID=prodcheck
export S3_SECRET_ACCESS_KEY=prodcheck-secret
export S3_REGION=us-east-1
export JOBS_BACKEND=celery
export REDIS_URL
# The app processes share their cache on the same Redis (another database number).
export CACHE_URL="${REDIS_URL%/*}/15"
export CELERY_QUEUE="prodcheck-$$"
export STATIC_ROOT="$WORK/static"
export LOG_FORMAT=json
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend

say "manage.py check --deploy --fail-level WARNING (production settings, behind HTTPS)"
ALLOWED_HOSTS=dti.example.gov.vn CSRF_TRUSTED_ORIGINS=https://dti.example.gov.vn \
    "$BIN/python" manage.py check --deploy --fail-level WARNING

# From here on: plain HTTP on the loopback, where the stack is reached without a TLS proxy.
export ALLOWED_HOSTS=127.0.0.1
export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$WEB_PORT"
export SECURE_SSL_REDIRECT=false
export SECURE_COOKIES=false
export SECURE_HSTS_SECONDS=0

say "S3-compatible server on 127.0.0.1:$S3_PORT, bucket $S3_BUCKET"
"$BIN/moto_server" -H 127.0.0.1 -p "$S3_PORT" >"$WORK/s3.log" 2>&1 &
PIDS+=($!)
wait_for_port "$S3_PORT" "the S3 server" "$WORK/s3.log"
"$BIN/python" -c "
import os, boto3
boto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT_URL'], region_name='us-east-1',
             aws_access_key_id='prodcheck', aws_secret_access_key='prodcheck-secret'
             ).create_bucket(Bucket=os.environ['S3_BUCKET'])"

say "PostgreSQL database $DATABASE: migrate, demo data, static files"
database "CREATE DATABASE $DATABASE"
"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py load_demo >"$WORK/load_demo.log"
"$BIN/python" manage.py collectstatic --noinput -v 0

say "Celery worker on $REDIS_URL (queue $CELERY_QUEUE)"
"$BIN/celery" --app config.celery worker --concurrency 1 --queues "$CELERY_QUEUE" \
    --hostname "$CELERY_QUEUE@%h" --without-gossip --without-mingle --loglevel INFO \
    >"$WORK/worker.log" 2>&1 &
PIDS+=($!)

say "gunicorn, 2 workers, on 127.0.0.1:$WEB_PORT"
GUNICORN_BIND="127.0.0.1:$WEB_PORT" WEB_CONCURRENCY=2 \
    "$BIN/gunicorn" --config config/gunicorn.conf.py config.wsgi >"$WORK/gunicorn.log" 2>&1 &
PIDS+=($!)
wait_for_port "$WEB_PORT" "gunicorn" "$WORK/gunicorn.log"

"$BIN/python" scripts/prod_check_http.py "http://127.0.0.1:$WEB_PORT"
say "passed"
