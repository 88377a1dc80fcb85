# Two commands do everything on a machine with nothing but Python 3.11:
#   make run    set up, load the demo content and serve http://127.0.0.1:8000
#   make test   set up, then run every check and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: install setup run serve bench bench-bakerydemo bench-scale soak two-nodes cache-faults lighthouse test check lint-fix messages backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# The address `make run` serves; the Site record names it in canonical links,
# the sitemap and the feeds (home/site_url.py). Production sets SITE_URL itself.
SITE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)

setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) set_site_url $(SITE_URL)
	SITE_URL=$(SITE_URL) $(MANAGE) create_local_admin

run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

# Production: gunicorn (deploy/gunicorn.conf.py) with production settings. Needs
# SECRET_KEY (and ALLOWED_HOSTS); honours DATABASE_URL, REDIS_URL; behind a TLS
# proxy (plain HTTP on a laptop: SECURE_SSL_REDIRECT=false make serve).
PROD := DJANGO_SETTINGS_MODULE=site_config.settings.production
serve: install
	$(PROD) $(MANAGE) migrate --noinput
	$(PROD) $(MANAGE) collectstatic --noinput -v0
	$(PROD) HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c deploy/gunicorn.conf.py

# Requests per second, latency and CPU per request of the main pages: uncached,
# in Django's cache, through Varnish, against nginx serving a file (deploy/bench.py).
bench: install
	$(BIN)/python deploy/bench.py

# This site beside Wagtail's bakerydemo in one run (deploy/bench_bakerydemo.py): an
# uncached article (a different one each request) against its blog post, home and
# search; req/s, CPU per request, p50/p99. BAKERYDEMO_DIR: a clone of
# https://github.com/wagtail/bakerydemo (run in a venv of its own with our pins).
bench-bakerydemo: install
	BAKERYDEMO_DIR=$(BAKERYDEMO_DIR) $(BIN)/python deploy/bench_bakerydemo.py

# What grows with the number of articles (search, listings, sitemap, feeds, admin,
# articles) at 100, 1,000 and 10,000 per language, on a throwaway PostgreSQL
# database next to DATABASE_URL's (tools/management/commands/bench_scale.py).
BENCH_SCALE_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/clinic)
BENCH_SCALE_SIZES ?= 100 1000 10000
bench-scale: install
	DATABASE_URL=$(BENCH_SCALE_DATABASE_URL) $(MANAGE) bench_scale --sizes $(BENCH_SCALE_SIZES)

# Load, a publish a second and a Redis outage (deploy/soak.py); fails on any error.
soak: install
	$(BIN)/python deploy/soak.py

# Two app nodes (gunicorn, separate processes) behind one Varnish, sharing a throwaway
# PostgreSQL database, Redis and media: 20 publishes in node A's admin (Chromium),
# each timed until node B and Varnish show it; fails on one later than 1 s or a stale page (deploy/two_nodes.py).
# Needs PostgreSQL (TWO_NODES_POSTGRES), Redis (TWO_NODES_REDIS_URL), varnishd and
# Chromium (apt-get install varnish chromium).
two-nodes: install
	$(BIN)/python deploy/two_nodes.py

# Request times with a hung or stopped Redis, and a junk flood into a capped one
# (deploy/cache_faults.py); fails on a failed request or a flood that stores.
cache-faults: install
	$(BIN)/python deploy/cache_faults.py

# Lighthouse (mobile) on the main pages in both languages: the median of 3 runs of
# its four scores and the layout shift (deploy/lighthouse.py). Needs npm and Chromium.
lighthouse: install node_modules/.installed
	$(BIN)/python deploy/lighthouse.py

# Lint (ruff, djhtml: rules in pyproject.toml) and Django's own checks; part of `make test`.
# `make lint-fix` rewrites what the linters can fix.
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(MANAGE) makemigrations --check --dry-run

lint-fix: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# Test-only JavaScript tools for the browser checks: axe-core (accessibility) and
# vnu.jar (HTML validation, needs Java). Without npm those tests skip, except in CI
# (.ci/run sets REQUIRE_BROWSER_TESTS=1, which turns a missing tool into a failure).
NPM := $(shell command -v npm 2>/dev/null)
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

test: check $(if $(NPM),node_modules/.installed)
	$(BIN)/python -m pytest

# Refresh the Chinese catalogue after changing template strings (needs GNU gettext);
# the compiled .mo is committed so a fresh machine needs no gettext.
messages: install
	$(MANAGE) makemessages -l zh_Hans --ignore=".venv/*" --ignore="tests/*"
	$(MANAGE) compilemessages -l zh_Hans --ignore=".venv/*"

# One archive with the database (SQLite copy or pg_dump) and the media, written to
# BACKUP_DIR (./backups), encrypted with BACKUP_KEY (production refuses without it);
# `make restore ARCHIVE=backups/<file>.tar.gz.enc` puts both back (it asks first and
# saves the current state; stop the site while it runs).
backup:
	$(MANAGE) backup

restore:
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=backups/<file>.tar.gz.enc"; exit 2; }
	$(MANAGE) restore "$(ARCHIVE)"

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media media-test static_collected
