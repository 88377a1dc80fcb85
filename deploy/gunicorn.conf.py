"""gunicorn for production (`make serve`); every value can be set from the environment.

Workers: rendering is CPU-bound Python, so one process per core (WEB_CONCURRENCY,
default the number of cores). Threaded workers (gthread) keep connections alive
between requests, which a sync worker cannot: Varnish, nginx or a load balancer
in front reuse them instead of opening one per request. `make bench` measures
both; see README.md.
"""

import multiprocessing
import os

bind = os.environ.get(
    "GUNICORN_BIND",
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}",
)
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count())))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Recycle workers now and then: bounds any slow leak in a long-running process
# (rarely: a new worker starts with an empty local-memory cache).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "200000"))
max_requests_jitter = 20000
# Load the application once, before forking: faster start, shared memory.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
wsgi_app = "site_config.wsgi:application"
