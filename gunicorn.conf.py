"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py cms.wsgi`."""

import multiprocessing
import os

# Serving with gunicorn means production: settings refuse to start without real values.
os.environ.setdefault("DJANGO_ENV", "production")

# Loopback unless told otherwise: the proxy in front is the only peer, so nobody reaches the app
# around it (or forges X-Forwarded-For to it). GUNICORN_BIND=0.0.0.0:8000 listens on every interface.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or '8000'}"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 60
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
