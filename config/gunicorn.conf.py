"""gunicorn settings for the app processes: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Everything comes from the environment. App processes keep no state of their own (sessions and
jobs are in the database, files in the storage), so any number of them, on any number of
machines, can serve behind the reverse proxy.
"""

import os


def _whole_number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name}={value!r}: expected a whole number of at least 1")
    return int(value)


# Where to listen: the reverse proxy forwards here ("0.0.0.0:8000" in a container).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Worker processes; about two per core for this I/O-bound app (database, storage).
workers = _whole_number("WEB_CONCURRENCY", 2)
# Threads per worker: more than 1 lets a worker serve other requests while one waits on I/O.
threads = _whole_number("GUNICORN_THREADS", 1)
# An upload of 20 MB from a slow connection passes through the proxy first (it buffers the
# body), so a request that takes longer than this is stuck: its worker is restarted.
timeout = _whole_number("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so that memory a report left behind is given back.
max_requests = _whole_number("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# Addresses of the reverse proxies whose X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files in memory, not on a container's (possibly slow) disk, where there is one.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Logs to the standard streams; one JSON object per line with LOG_FORMAT=json, like the app's.
accesslog = "-"
errorlog = "-"
if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "dti.core.logging.JSONFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
